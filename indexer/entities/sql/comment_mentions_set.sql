-- The named mentions live (a repeated id once); a row that exists is revived in place, its created_at kept,
-- so only a new mention reaches the notification trigger.
INSERT INTO comment_mentions (comment_id, user_id, created_at, updated_at, is_delete, txhash, blockhash,
                              blocknumber)
SELECT DISTINCT %(comment_id)s, m.user_id, %(at)s::timestamp, %(at)s::timestamp, false, %(txhash)s,
       %(blockhash)s, %(blocknumber)s
FROM unnest(%(user_ids)s::integer[]) AS m (user_id)
ON CONFLICT (comment_id, user_id) DO UPDATE SET is_delete = false, updated_at = EXCLUDED.updated_at,
    txhash = EXCLUDED.txhash, blockhash = EXCLUDED.blockhash, blocknumber = EXCLUDED.blocknumber
