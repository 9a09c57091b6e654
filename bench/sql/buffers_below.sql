-- Whether the server's shared buffers are smaller than the bench wants (bench/statements.py SHARED_BUFFERS).
SELECT pg_size_bytes(current_setting('shared_buffers')) < pg_size_bytes(%(size)s)
