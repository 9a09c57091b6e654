-- Search's relations and every index on them read into shared buffers (pg_prewarm, installed by
-- prewarm_install.sql), so the bench measures the queries, not the kernel's page cache: the pages read, and
-- the buffers they went to.
SELECT coalesce(sum(pg_prewarm(c.oid)), 0), current_setting('shared_buffers')
FROM pg_class c
WHERE c.oid IN (SELECT r::regclass FROM unnest(%(relations)s::text[]) r)
   OR c.oid IN (SELECT i.indexrelid FROM pg_index i
                WHERE i.indrelid IN (SELECT r::regclass FROM unnest(%(relations)s::text[]) r))
