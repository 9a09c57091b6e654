-- The entity-manager block number (em_block) is a counter of the blocks that carry ManageEntity
-- transactions, continuing the legacy one (the ETL's blocks.number = MAX(number) + 1), not the chain height:
-- the indexer reads the chain's highest em_block for every such block it claims. Only those blocks have one,
-- so the index holds them alone.
CREATE INDEX IF NOT EXISTS core_indexed_blocks_em_block_idx ON core_indexed_blocks (chain_id, em_block)
    WHERE em_block IS NOT NULL;
