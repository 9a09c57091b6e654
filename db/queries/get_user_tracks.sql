-- Track ids on a user's profile, one page, in the requested order (upstream v1_users_tracks semantics, with
-- the newer Go API's collaborator merge and artist pick): the user's own tracks plus those they accepted a
-- credit on. The handler first probes the credits (get_user_credits, index-only); the slot below is then
-- filled with get_user_tracks@owned.sql when there are none, so such a profile runs the owner-only query
-- unchanged, or with get_user_tracks@credited.sql, widened by track_id = ANY(credit_ids).
-- The profile user's own artist pick comes first.
-- Sorting happens over the owner's tracks only (an index probe on owner_id), so the CASE-built order keys
-- cost an in-memory sort of one artist's catalogue, never a scan of tracks. Ties break on track_id ASC.
-- filter_tracks: all = public plus, for the track's owner or the profile user themself, unlisted;
-- public; unlisted = unlisted only, for the same viewers.
-- sort_key is one of: title, release_date, added_date, plays, reposts, saves, last_listen_date,
-- most_listens_by_user, artist_name (all tracks here share one artist, so it falls through to the tiebreak).
-- Unlike upstream, a track with no plays row counts 0 plays (upstream sorted it first under "most played"),
-- and tracks the listener never played come last under last_listen_date DESC.
WITH listed AS (
    /*@listed*/
),
candidates AS (
    SELECT
        t.track_id,
        t.title,
        coalesce(t.release_date, t.created_at) AS released,
        t.created_at,
        t.track_id = (SELECT artist_pick_track_id FROM users WHERE user_id = %(user_id)s AND is_current)
            AS pinned,
        -- Counts as scalar subqueries, one index probe per track of this artist: as joins, the planner hashed
        -- the whole of aggregate_plays for a prolific artist (a sequential scan of every play count per
        -- profile request; tests/test_query_plans.py's skewed cases).
        coalesce((SELECT ap.count FROM aggregate_plays ap WHERE ap.play_item_id = t.track_id), 0) AS plays,
        coalesce((SELECT agg.repost_count FROM aggregate_track agg WHERE agg.track_id = t.track_id), 0)
            AS repost_count,
        coalesce((SELECT agg.save_count FROM aggregate_track agg WHERE agg.track_id = t.track_id), 0)
            AS save_count,
        mine.last_listen,
        mine.listens
    FROM listed t
    LEFT JOIN LATERAL (
        SELECT max(p.created_at) AS last_listen, count(*) AS listens
        FROM plays p
        WHERE %(sort_key)s IN ('last_listen_date', 'most_listens_by_user')
          AND p.user_id = %(my_id)s AND p.play_item_id = t.track_id
    ) mine ON true
    WHERE NOT t.is_delete
      AND t.is_available
      AND t.stem_of IS NULL
      AND CASE %(filter_tracks)s
              WHEN 'public' THEN NOT t.is_unlisted
              WHEN 'unlisted' THEN t.is_unlisted AND (t.owner_id = %(my_id)s OR %(my_id)s = %(user_id)s)
              ELSE NOT t.is_unlisted OR t.owner_id = %(my_id)s OR %(my_id)s = %(user_id)s
          END
)
SELECT track_id
FROM candidates
ORDER BY
    pinned IS TRUE DESC,
    CASE WHEN %(direction)s = 'asc' THEN CASE %(sort_key)s WHEN 'title' THEN title END END ASC,
    CASE WHEN %(direction)s = 'desc' THEN CASE %(sort_key)s WHEN 'title' THEN title END END DESC,
    CASE WHEN %(direction)s = 'asc' THEN CASE %(sort_key)s
        WHEN 'release_date' THEN released
        WHEN 'added_date' THEN created_at
        WHEN 'last_listen_date' THEN last_listen END END ASC,
    CASE WHEN %(direction)s = 'desc' THEN CASE %(sort_key)s
        WHEN 'release_date' THEN released
        WHEN 'added_date' THEN created_at
        WHEN 'last_listen_date' THEN last_listen END END DESC NULLS LAST,
    CASE WHEN %(direction)s = 'asc' THEN CASE %(sort_key)s
        WHEN 'plays' THEN plays
        WHEN 'reposts' THEN repost_count
        WHEN 'saves' THEN save_count
        WHEN 'most_listens_by_user' THEN listens END END ASC,
    CASE WHEN %(direction)s = 'desc' THEN CASE %(sort_key)s
        WHEN 'plays' THEN plays
        WHEN 'reposts' THEN repost_count
        WHEN 'saves' THEN save_count
        WHEN 'most_listens_by_user' THEN listens END END DESC,
    track_id
LIMIT %(limit)s OFFSET %(offset)s
