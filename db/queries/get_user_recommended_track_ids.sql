-- Recommendations for a listener (getUserRecommendedTracks), after the Go API: the top 5 genres of the tracks
-- they listened to, the best trending tracks of each genre they have not listened to, shuffled.
-- Bounds the Go API lacks, so a heavy listener costs what a light one does: the genres come from the
-- listener's %(sample)s most listened tracks (track_listeners_user_idx), each genre reads at most the head of
-- its trending list (%(recall)s scores, the Go API's 1000) for %(limit)s tracks, and "not listened" is a
-- primary-key probe of track_listeners per candidate. Only listed, undeleted tracks of active artists.
WITH listened AS MATERIALIZED (
    SELECT l.track_id FROM track_listeners l
    WHERE l.user_id = %(user_id)s
    ORDER BY l.listen_hours DESC, l.track_id
    LIMIT %(sample)s
),
top_genres AS MATERIALIZED (
    SELECT t.genre
    FROM listened l
    JOIN tracks t ON t.track_id = l.track_id AND t.is_current
    WHERE t.genre IS NOT NULL AND t.genre <> ''
    GROUP BY t.genre
    ORDER BY count(*) DESC, t.genre
    LIMIT 5
),
candidates AS MATERIALIZED (
    SELECT c.track_id
    FROM top_genres g
    CROSS JOIN LATERAL (
        SELECT s.track_id
        FROM (
            SELECT s.track_id, s.score FROM track_trending_scores s
            WHERE s.type = 'TRACKS' AND s.version = %(version)s AND s.time_range = %(time_range)s
              AND s.genre = g.genre
            ORDER BY s.score DESC, s.track_id DESC
            LIMIT %(recall)s
        ) s
        WHERE NOT EXISTS (SELECT 1 FROM track_listeners l WHERE l.track_id = s.track_id AND l.user_id = %(user_id)s)
          AND (SELECT NOT t.is_delete AND NOT t.is_unlisted AND NOT coalesce(u.is_deactivated, false)
               FROM tracks t LEFT JOIN users u ON u.user_id = t.owner_id AND u.is_current
               WHERE t.track_id = s.track_id AND t.is_current)
        LIMIT %(limit)s
    ) c
)
-- At most 5 x limit rows: shuffling them is cheap. The Go API draws with random() on every request; the shuffle
-- here is keyed by %(shuffle)s (the day), so a listener's picks hold through the day (a retry or a second
-- client agrees) and change the next.
SELECT track_id FROM candidates ORDER BY md5(track_id::text || %(shuffle)s), track_id LIMIT %(limit)s
