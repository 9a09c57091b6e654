-- Go API: every current, verified, not deactivated user (legacy rewarded the Verify transaction itself).
-- Only users written in the window can have changed. Boolean: one step, complete at once.
SELECT %(challenge_id)s AS challenge_id, user_id, to_hex(user_id) AS specifier, 1 AS current_step_count,
       1 AS step_count, %(amount)s AS amount, NULL::integer AS completed_blocknumber
FROM users
WHERE blocknumber > %(since)s AND blocknumber <= %(through)s
  AND is_current AND is_verified AND NOT is_deactivated
