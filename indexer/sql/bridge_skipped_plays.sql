SELECT block_height, tx_hash, play_index, track_id FROM new_etl_plays WHERE NOT is_int_id(track_id) ORDER BY id
