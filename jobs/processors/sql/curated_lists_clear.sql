-- A refresh rewrites every precomputed list and genre bucket whole (inside the processor's transaction, so
-- readers see the previous refresh until it commits, and a crash leaves the previous refresh in place).
DELETE FROM curated_track_lists;
