INSERT INTO subscriptions (subscriber_id, user_id, is_current, is_delete, created_at, blocknumber, blockhash, txhash)
VALUES (%(user_id)s, %(item_id)s, true, %(is_delete)s, %(at)s, %(blocknumber)s, %(blockhash)s, %(txhash)s)
