-- Doing takes the pair's row live again (its first created_at kept); undoing marks it deleted.
INSERT INTO {table} ({item}, user_id, created_at, updated_at, is_delete, txhash, blockhash, blocknumber)
VALUES (%(item_id)s, %(user_id)s, %(at)s, %(at)s, %(is_delete)s, %(txhash)s, %(blockhash)s, %(blocknumber)s)
ON CONFLICT ({item}, user_id) DO UPDATE SET is_delete = EXCLUDED.is_delete, updated_at = EXCLUDED.updated_at,
    txhash = EXCLUDED.txhash, blockhash = EXCLUDED.blockhash, blocknumber = EXCLUDED.blocknumber
