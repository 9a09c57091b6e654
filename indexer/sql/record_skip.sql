INSERT INTO core_skipped_transactions (chain_id, height, tx_hash, item, kind, reason)
VALUES (%(chain_id)s, %(height)s, %(tx_hash)s, %(item)s, %(kind)s, %(reason)s)
ON CONFLICT DO NOTHING
