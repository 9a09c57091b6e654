-- The jobs lock, given back before the session ends: a closed connection's backend releases its session
-- locks only as it exits, a moment after the client has gone, so a runner started right after could find
-- the lock still held.
SELECT pg_advisory_unlock(%(key)s) AS released
