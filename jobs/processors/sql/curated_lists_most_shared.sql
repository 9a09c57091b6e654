-- Most shared tracks of one time range, as the Go API's /tracks/most-shared: track shares in the week or
-- month before the tick (allTime: every share, %(since)s null), counted per track, most first; only listed,
-- available, current, not deleted tracks of active owners. The Go API leaves ties in no order; ours go to the
-- higher track id. The first %(depth)s are kept.
INSERT INTO curated_track_lists (list, rank, track_id, score)
SELECT 'most_shared:' || %(time_range)s, row_number() OVER (ORDER BY n DESC, track_id DESC), track_id, n
FROM (
    SELECT s.share_item_id AS track_id, count(*) AS n
    FROM shares s
    JOIN tracks t ON t.track_id = s.share_item_id AND t.is_current
    JOIN users u ON u.user_id = t.owner_id AND u.is_current
    WHERE s.share_type = 'track'
      AND (%(since)s::timestamp IS NULL OR s.created_at >= %(since)s::timestamp)
      AND s.created_at <= %(now)s::timestamp
      AND NOT t.is_delete AND NOT t.is_unlisted AND t.is_available AND NOT u.is_deactivated
    GROUP BY s.share_item_id
    ORDER BY n DESC, s.share_item_id DESC
    LIMIT %(depth)s
) counted;
