SELECT EXISTS (SELECT 1 FROM etl_plays WHERE block_height BETWEEN %(first)s AND %(last)s)
