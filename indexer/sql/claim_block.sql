-- Claims a height for this transaction. A second indexer on the same height waits here until the first
-- commits (then gets no row and skips the block) or rolls back (then claims it itself).
INSERT INTO core_indexed_blocks (chain_id, height, blockhash, plays_slot, em_block, block_time, tx_count)
VALUES (%(chain_id)s, %(height)s, %(hash)s, %(plays_slot)s, %(em_block)s, %(block_time)s, %(tx_count)s)
ON CONFLICT (chain_id, height) DO NOTHING
RETURNING height
