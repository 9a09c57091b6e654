-- Is this handle another current user's, compared case-insensitively.
SELECT EXISTS (
    SELECT 1 FROM users WHERE lower(handle) = lower(%(handle)s) AND is_current AND user_id <> %(user_id)s
) AS taken
