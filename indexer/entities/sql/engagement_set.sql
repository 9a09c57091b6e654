-- Undoing keeps the time it was done; doing again takes the new time.
UPDATE {table} SET is_delete = %(is_delete)s, {via_repost} = %(via_repost)s,
                   created_at = CASE WHEN %(is_delete)s THEN created_at ELSE %(at)s END,
                   blocknumber = %(blocknumber)s, blockhash = %(blockhash)s, txhash = %(txhash)s
WHERE user_id = %(user_id)s AND {item} = %(item_id)s AND {kind} = %(item_type)s AND is_current
