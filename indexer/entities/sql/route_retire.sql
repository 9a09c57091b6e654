UPDATE {routes} SET is_current = false WHERE {record} = %(record_id)s AND is_current
