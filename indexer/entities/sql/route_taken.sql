SELECT EXISTS (SELECT 1 FROM {routes} WHERE owner_id = %(owner_id)s AND slug = %(slug)s) AS taken
