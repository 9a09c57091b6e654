-- Claims a height for this transaction. A second indexer on the same height waits here until the first
-- commits (then gets no row and skips the block) or rolls back (then claims it itself). A block carrying
-- ManageEntity transactions takes the next entity-manager block number: the chain's highest so far + 1, or
-- the configured legacy counter + 1 for the chain's first. One indexer writes a chain at a time (its lock),
-- and a claim that loses the race takes no number, so the counter has no gaps and no repeats.
INSERT INTO core_indexed_blocks (chain_id, height, blockhash, plays_slot, em_block, block_time, tx_count)
VALUES (%(chain_id)s, %(height)s, %(hash)s, %(plays_slot)s,
        CASE WHEN %(entities)s THEN coalesce((SELECT max(c.em_block) FROM core_indexed_blocks c
                                              WHERE c.chain_id = %(chain_id)s), %(em_block_start)s) + 1 END,
        %(block_time)s, %(tx_count)s)
ON CONFLICT (chain_id, height) DO NOTHING
RETURNING height, em_block
