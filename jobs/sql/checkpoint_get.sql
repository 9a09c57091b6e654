SELECT last_checkpoint FROM indexing_checkpoints WHERE tablename = %(key)s
