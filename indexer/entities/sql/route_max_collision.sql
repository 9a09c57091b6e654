SELECT max(collision_id) AS highest FROM {routes} WHERE owner_id = %(owner_id)s AND title_slug = %(title_slug)s
