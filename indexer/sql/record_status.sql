-- Outside the block transaction: a failing block must still be able to say why.
INSERT INTO core_indexer_status AS s (chain_id, chain_height, last_error, last_error_at, failing_height, updated_at)
VALUES (%(chain_id)s, %(chain_height)s, %(error)s, CASE WHEN %(error)s::text IS NOT NULL THEN now() END,
        %(failing_height)s, now())
ON CONFLICT (chain_id) DO UPDATE SET
    chain_height = coalesce(EXCLUDED.chain_height, s.chain_height),
    last_error = coalesce(EXCLUDED.last_error, s.last_error),
    last_error_at = coalesce(EXCLUDED.last_error_at, s.last_error_at),
    failing_height = EXCLUDED.failing_height,
    updated_at = now()
