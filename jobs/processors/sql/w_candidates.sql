WITH contests AS (
    SELECT e.event_id, e.user_id AS host_id, e.event_data -> 'winners' AS winners
    FROM events e
    JOIN users host ON host.user_id = e.user_id AND host.is_current AND host.is_verified
    WHERE e.blocknumber > %(since)s AND e.blocknumber <= %(through)s
      AND e.event_type = 'remix_contest' AND e.is_deleted = false
      AND jsonb_typeof(e.event_data -> 'winners') = 'array'
), winners AS (
    SELECT c.event_id, c.host_id, t.owner_id AS winner_id, min(w.ord) AS ord
    FROM contests c
    CROSS JOIN LATERAL jsonb_array_elements_text(c.winners) WITH ORDINALITY AS w(track_id, ord)
    JOIN tracks t ON t.track_id = int4_id(w.track_id)
        AND t.is_current AND NOT t.is_delete
    GROUP BY c.event_id, c.host_id, t.owner_id
), fresh AS (
    -- Winners already rewarded are no-ops and must not take a place under the caps.
    SELECT w.*, to_hex(w.event_id) || ':' || to_hex(w.winner_id) AS specifier
    FROM winners w
    WHERE NOT EXISTS (SELECT 1 FROM user_challenges uc
                      WHERE uc.challenge_id = %(challenge_id)s
                        AND uc.specifier = to_hex(w.event_id) || ':' || to_hex(w.winner_id))
), within_contest_cap AS (
    SELECT f.*
    FROM (SELECT f.*, row_number() OVER (PARTITION BY f.event_id ORDER BY f.ord) AS n FROM fresh f) f
    WHERE f.n + (SELECT count(*) FROM user_challenges uc
                 WHERE uc.challenge_id = %(challenge_id)s
                   AND split_part(uc.specifier, ':', 1) = to_hex(f.event_id)) <= %(contest_cap)s
), ranked_by_host AS (
    SELECT c.*, row_number() OVER (PARTITION BY c.host_id ORDER BY c.event_id, c.ord) AS m
    FROM within_contest_cap c
)
SELECT %(challenge_id)s AS challenge_id, r.winner_id AS user_id, r.specifier,
       1 AS current_step_count, 1 AS step_count, %(amount)s AS amount, NULL::integer AS completed_blocknumber
FROM ranked_by_host r
WHERE r.m + (SELECT count(*) FROM events hosted
             JOIN user_challenges uc ON uc.challenge_id = %(challenge_id)s
                 AND split_part(uc.specifier, ':', 1) = to_hex(hosted.event_id)
                 AND uc.created_at >= %(now)s::timestamp - interval '7 days'
             WHERE hosted.user_id = r.host_id) <= %(host_cap)s
