SELECT pg_try_advisory_lock(%(key)s) AS acquired
