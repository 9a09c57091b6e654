-- The refresh hashes and sorts one row per scored track (about one per track ever played, for allTime); with
-- the default 4MB these spill to disk at a few hundred thousand tracks. For this transaction only.
SELECT set_config('work_mem', '128MB', true)
