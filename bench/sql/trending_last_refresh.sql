SELECT last_checkpoint FROM indexing_checkpoints WHERE tablename = 'trending:last_refresh_epoch'
