SELECT title_slug FROM {routes} WHERE {record} = %(record_id)s AND is_current
