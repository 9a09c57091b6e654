-- A repost or save of this user and item (rows change in place, so it is the current one).
SELECT is_delete FROM {table}
WHERE user_id = %(user_id)s AND {item} = %(item_id)s AND {kind} = %(item_type)s AND is_current
