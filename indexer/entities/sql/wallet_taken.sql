SELECT EXISTS (SELECT 1 FROM users WHERE lower(wallet) = %(wallet)s AND is_current) AS taken
