-- Held until the processor's transaction ends; the key space is this file's own (text hash of the id).
SELECT pg_advisory_xact_lock(hashtextextended('challenges:' || %(challenge_id)s, 0)) IS NULL AS locked
