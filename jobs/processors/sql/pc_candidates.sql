-- p1/p2/p3, the 2025 play-count milestones, for the owners of tracks played in the window: one count per
-- owner, one row per active tier. Go API, not
-- legacy: only verified, not deactivated owners; a tier is offered once the count reaches the previous
-- tier's threshold (the first tier once there is any play); the count reported is capped at the step count.
-- The count is the owner's 2025-and-later plays of current, not deleted tracks, from the monthly aggregates
-- that the plays trigger keeps.
--
-- Each played track's owner is one probe of the track id index, and each owner's count one walk of the
-- owner index: LIMIT and the aggregate keep the planner from flattening the laterals into hash joins that
-- scan all of tracks (a million rows) for a window of 100,000 plays.
WITH tiers AS (
    SELECT c.id AS challenge_id, t.tier, c.step_count, c.amount::integer AS amount,
           coalesce(opener.step_count, 1) AS opens_at
    FROM unnest(%(tier_ids)s::text[], %(tiers)s::text[], %(previous)s::text[]) AS t (id, tier, previous)
    JOIN challenges c ON c.id = t.id AND c.active
    LEFT JOIN challenges opener ON opener.id = t.previous
), played AS (
    SELECT DISTINCT play_item_id FROM plays WHERE id > %(since)s AND id <= %(through)s
), owners AS (
    SELECT DISTINCT o.owner_id
    FROM played p
    CROSS JOIN LATERAL (
        SELECT t.owner_id FROM tracks t WHERE t.track_id = p.play_item_id AND t.is_current LIMIT 1) o
    JOIN users u ON u.user_id = o.owner_id AND u.is_current AND u.is_verified AND NOT u.is_deactivated
), counts AS (
    SELECT o.owner_id, c.plays
    FROM owners o
    CROSS JOIN LATERAL (
        SELECT sum(amp.count) AS plays
        FROM tracks t
        JOIN aggregate_monthly_plays amp ON amp.play_item_id = t.track_id AND amp."timestamp" >= DATE '2025-01-01'
        WHERE t.owner_id = o.owner_id AND t.is_current AND NOT t.is_delete) c
)
SELECT t.challenge_id, c.owner_id AS user_id, to_hex(c.owner_id) || ':' || t.tier AS specifier,
       least(c.plays, t.step_count)::integer AS current_step_count, t.step_count, t.amount,
       NULL::integer AS completed_blocknumber
FROM counts c
JOIN tiers t ON c.plays >= t.opens_at
