-- The row of a (comment or muted user, user) pair in one of the in-place pair tables.
SELECT is_delete FROM {table} WHERE {item} = %(item_id)s AND user_id = %(user_id)s
