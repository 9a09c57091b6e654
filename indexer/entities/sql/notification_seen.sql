INSERT INTO notification_seen (user_id, seen_at, blocknumber, blockhash, txhash)
VALUES (%(user_id)s, %(at)s, %(blocknumber)s, %(blockhash)s, %(txhash)s)
ON CONFLICT (user_id, seen_at) DO NOTHING
