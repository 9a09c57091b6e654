INSERT INTO {table} (user_id, {item}, {kind}, {via_repost}, is_current, is_delete, created_at, blocknumber,
                     blockhash, txhash)
VALUES (%(user_id)s, %(item_id)s, %(item_type)s, %(via_repost)s, true, %(is_delete)s, %(at)s, %(blocknumber)s,
        %(blockhash)s, %(txhash)s)
