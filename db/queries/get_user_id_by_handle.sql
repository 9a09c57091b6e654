-- Upstream: the oldest user holding the handle, case-insensitively.
SELECT user_id
FROM users
WHERE handle_lc = lower(%(handle)s) AND is_current
ORDER BY created_at
LIMIT 1
