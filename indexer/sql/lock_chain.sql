-- One indexer acts per chain: the session that writes the blocks holds this lock (it goes with the session, so
-- a dead indexer frees it at once). The key space is the text hash of the chain id.
SELECT pg_try_advisory_lock(hashtextextended('openaudio-indexer:' || %(chain_id)s, 0))
