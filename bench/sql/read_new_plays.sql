SELECT user_id, play_item_id, created_at FROM plays WHERE id > %(after)s
