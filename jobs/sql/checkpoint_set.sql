INSERT INTO indexing_checkpoints AS c (tablename, last_checkpoint) VALUES (%(key)s, %(value)s)
ON CONFLICT (tablename) DO UPDATE SET last_checkpoint = EXCLUDED.last_checkpoint
WHERE c.last_checkpoint IS DISTINCT FROM EXCLUDED.last_checkpoint
