-- A block replayed (a retried block, a restarted indexer) writes its reaction once.
INSERT INTO reactions (reaction_value, sender_wallet, reaction_type, reacted_to, "timestamp", blocknumber, txhash)
VALUES (%(reaction_value)s, %(sender_wallet)s, 'tip', %(reacted_to)s, %(at)s, %(blocknumber)s, %(txhash)s)
ON CONFLICT (txhash) WHERE txhash <> '' DO NOTHING
