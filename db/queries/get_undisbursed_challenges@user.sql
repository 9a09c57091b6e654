AND uc.user_id = %(user_id)s
