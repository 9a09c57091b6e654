INSERT INTO {routes} (slug, title_slug, collision_id, owner_id, {record}, is_current, blockhash, blocknumber,
                      txhash)
VALUES (%(slug)s, %(title_slug)s, %(collision_id)s, %(owner_id)s, %(record_id)s, true, %(blockhash)s,
        %(blocknumber)s, %(txhash)s)
