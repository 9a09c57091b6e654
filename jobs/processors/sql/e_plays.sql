-- Listens of the window, per listener in the order they happened (anonymous plays earn no streak).
SELECT user_id, created_at
FROM plays
WHERE id > %(since)s AND id <= %(through)s AND user_id IS NOT NULL
ORDER BY user_id, created_at, id
