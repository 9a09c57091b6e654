INSERT INTO challenge_listen_streak AS s (user_id, last_listen_date, listen_streak)
SELECT * FROM unnest(%(user_id)s::integer[], %(last_listen_date)s::timestamp[], %(listen_streak)s::integer[])
ORDER BY 1
ON CONFLICT (user_id) DO UPDATE SET
    last_listen_date = EXCLUDED.last_listen_date,
    listen_streak = EXCLUDED.listen_streak
