-- IYYY/IW are the ISO-8601 year and week (Python's isocalendar()): 2024-12-30 is 2025-W01.
-- current_step_count = step_count = 1: the Go API's UpsertUserChallenge(…, 1, 1, amount) for "complete now".
SELECT DISTINCT %(challenge_id)s AS challenge_id, user_id,
       to_hex(user_id) || ':' || to_char(created_at, 'IYYYIW') AS specifier,
       1 AS current_step_count, 1 AS step_count, %(amount)s AS amount, NULL::integer AS completed_blocknumber
FROM comments
WHERE blocknumber > %(since)s AND blocknumber <= %(through)s
  AND is_delete = false AND is_visible = true
