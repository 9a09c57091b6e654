INSERT INTO playlist_seen (user_id, playlist_id, seen_at, is_current, blocknumber, blockhash, txhash)
VALUES (%(user_id)s, %(playlist_id)s, %(at)s, true, %(blocknumber)s, %(blockhash)s, %(txhash)s)
ON CONFLICT (user_id, playlist_id, seen_at) DO NOTHING
