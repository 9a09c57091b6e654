-- Tastemakers of the top tracks: for each, the earliest 10 reposters and the earliest 10 savers (track
-- reposts and saves, current and not deleted), as the Go API. The owner is not excluded (neither upstream).
-- Each lateral reads its first rows straight from reposts_track_earliest_idx / saves_track_earliest_idx (0007).
WITH top AS (
    SELECT unnest(%(track_ids)s::int[]) AS track_id
), actors AS (
    SELECT r.user_id, top.track_id
    FROM top CROSS JOIN LATERAL (
        SELECT user_id FROM reposts
        WHERE repost_item_id = top.track_id AND repost_type = 'track' AND is_current AND NOT is_delete
        ORDER BY created_at, user_id
        LIMIT %(per_track)s) r
    UNION
    SELECT s.user_id, top.track_id
    FROM top CROSS JOIN LATERAL (
        SELECT user_id FROM saves
        WHERE save_item_id = top.track_id AND save_type = 'track' AND is_current AND NOT is_delete
        ORDER BY created_at, user_id
        LIMIT %(per_track)s) s
)
SELECT %(challenge_id)s AS challenge_id, user_id, to_hex(user_id) || ':t:' || to_hex(track_id) AS specifier,
       1 AS current_step_count, 1 AS step_count, %(amount)s AS amount, NULL::integer AS completed_blocknumber
FROM actors
