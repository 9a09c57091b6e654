-- Takes effect at the next restart. ALTER SYSTEM takes no parameters: bound client-side.
ALTER SYSTEM SET shared_buffers = %(size)s
