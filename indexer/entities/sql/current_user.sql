SELECT * FROM users WHERE user_id = %(user_id)s AND is_current
