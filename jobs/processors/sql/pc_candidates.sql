-- p1/p2/p3, the 2025 play-count milestones, for the owners of tracks played in the window. Go API, not
-- legacy: only verified, not deactivated owners; a tier is offered once the count reaches the previous
-- tier's threshold (the first tier once there is any play); the count reported is capped at the step count.
-- The count is the owner's 2025-and-later plays of current, not deleted tracks, from the monthly aggregates
-- that the plays trigger keeps.
WITH played AS (
    SELECT DISTINCT play_item_id FROM plays WHERE id > %(since)s AND id <= %(through)s
), owners AS (
    SELECT DISTINCT t.owner_id
    FROM played p
    JOIN tracks t ON t.track_id = p.play_item_id AND t.is_current
), counts AS (
    SELECT o.owner_id, sum(amp.count) AS plays
    FROM owners o
    JOIN users u ON u.user_id = o.owner_id AND u.is_current AND u.is_verified AND NOT u.is_deactivated
    JOIN tracks t ON t.owner_id = o.owner_id AND t.is_current AND NOT t.is_delete
    JOIN aggregate_monthly_plays amp ON amp.play_item_id = t.track_id AND amp."timestamp" >= DATE '2025-01-01'
    GROUP BY o.owner_id
)
SELECT %(challenge_id)s AS challenge_id, owner_id AS user_id, to_hex(owner_id) || ':' || %(tier)s AS specifier,
       least(plays, %(step_count)s)::integer AS current_step_count, %(step_count)s AS step_count,
       %(amount)s AS amount, NULL::integer AS completed_blocknumber
FROM counts
WHERE plays >= coalesce((SELECT step_count FROM challenges WHERE id = %(previous)s), 1)
