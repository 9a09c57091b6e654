INSERT INTO shares (user_id, share_item_id, share_type, created_at, txhash, blocknumber)
VALUES (%(user_id)s, %(item_id)s, %(share_type)s, %(at)s, %(txhash)s, %(blocknumber)s)
ON CONFLICT (user_id, share_item_id, share_type, txhash) DO NOTHING
