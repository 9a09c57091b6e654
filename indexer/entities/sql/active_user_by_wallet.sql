SELECT user_id FROM users WHERE lower(wallet) = %(wallet)s AND is_current AND NOT is_deactivated
ORDER BY user_id LIMIT 1
