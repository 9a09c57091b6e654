SELECT user_id, last_listen_date, listen_streak
FROM challenge_listen_streak
WHERE user_id = ANY(%(user_id)s::integer[])
