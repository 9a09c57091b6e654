-- Per chain: the newest indexed block (read backwards off the primary key) beside the indexer's own report.
SELECT s.chain_id, b.height, b.block_time, s.chain_height,
       s.chain_height - b.height AS lag_blocks,
       s.failing_height, s.last_error, s.last_error_at, s.updated_at
FROM core_indexer_status s
LEFT JOIN LATERAL (
    SELECT c.height, c.block_time FROM core_indexed_blocks c
    WHERE c.chain_id = s.chain_id ORDER BY c.height DESC LIMIT 1
) b ON true
ORDER BY s.chain_id
