SELECT EXISTS (SELECT 1 FROM users WHERE user_id = %(user_id)s AND is_current) AS exists
