-- The users a user muted (their comments are hidden from them), by muted user id.
SELECT m.muted_user_id AS user_id
FROM muted_users m
WHERE m.user_id = %(user_id)s AND NOT m.is_delete
ORDER BY m.muted_user_id
LIMIT %(limit)s OFFSET %(offset)s
