-- A user's challenges as upstream's Go API lists them (GET /users/{id}/challenges): every active challenge,
-- with the user's rows and their disbursements. Non-aggregate challenges give one row per user challenge (or
-- one empty row; trending ones only when won), aggregate ones one summed row. An unknown user (no current
-- row) has nothing: the catalog is joined to the user.
WITH profile AS (
    SELECT user_id, is_verified FROM users WHERE user_id = %(user_id)s AND is_current
),
catalog AS (
    SELECT c.*
    FROM challenges c
    JOIN profile p ON true
    WHERE c.active
      AND NOT (c.id IN ('rv', 's') AND NOT p.is_verified)
      AND NOT (c.id = 'r' AND p.is_verified)
),
mine AS (
    SELECT uc.challenge_id, uc.specifier, uc.is_complete, uc.current_step_count, uc.amount, uc.created_at,
           d.specifier IS NOT NULL AS is_disbursed, d.amount::numeric AS disbursed
    FROM user_challenges uc
    LEFT JOIN challenge_disbursements d ON d.challenge_id = uc.challenge_id AND d.specifier = uc.specifier
    WHERE uc.user_id = %(user_id)s
),
-- The endless listen streak shows the stored streak while it is alive (a listen in the last 16 hours).
streak AS (
    SELECT CASE WHEN last_listen_date >= (now() AT TIME ZONE 'UTC') - interval '16 hours'
                THEN listen_streak ELSE 0 END AS days
    FROM challenge_listen_streak
    WHERE user_id = %(user_id)s
),
summed AS (
    SELECT c.id, coalesce(sum(m.amount), 0) AS total, floor(coalesce(sum(m.disbursed), 0) / 100000000) AS disbursed,
           (array_agg(m.is_complete ORDER BY m.created_at DESC, m.specifier DESC))[1] AS latest_complete
    FROM catalog c
    LEFT JOIN mine m ON m.challenge_id = c.id
    WHERE c.type = 'aggregate'
    GROUP BY c.id
)
SELECT c.id AS challenge_id, coalesce(m.specifier, '') AS specifier, coalesce(m.is_complete, false) AS is_complete,
       c.active AS is_active, coalesce(m.is_disbursed, false) AS is_disbursed,
       coalesce(m.current_step_count, 0) AS current_step_count, c.step_count AS max_steps,
       c.type::text AS challenge_type,
       -- A trending win shows what its rank pays (the catalog's per-rank amount, stored on the row by the job),
       -- as the undisbursed list does; upstream showed the flat catalog amount here.
       CASE WHEN c.type = 'trending' THEN m.amount::text ELSE c.amount::bigint::text END AS amount,
       coalesce(floor(m.disbursed / 100000000), 0)::bigint AS disbursed_amount, c.cooldown_days
FROM catalog c
LEFT JOIN mine m ON m.challenge_id = c.id
WHERE c.type <> 'aggregate' AND (c.type <> 'trending' OR m.is_complete)
UNION ALL
SELECT c.id, '',
       CASE c.id
           WHEN 'e' THEN coalesce((SELECT days FROM streak), 0) > 0 AND coalesce(s.latest_complete, false)
           WHEN 'o' THEN s.total > 0
           ELSE s.total >= c.step_count
       END,
       c.active, false,
       CASE c.id WHEN 'e' THEN coalesce((SELECT days FROM streak), 0) ELSE s.total END,
       CASE WHEN c.id = 'o' AND s.total > 0 THEN s.total ELSE c.step_count END,
       c.type::text, c.amount::bigint::text, s.disbursed::bigint, c.cooldown_days
FROM catalog c
JOIN summed s ON s.id = c.id
ORDER BY challenge_id, specifier
