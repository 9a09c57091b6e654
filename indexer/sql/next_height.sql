SELECT max(height) + 1 AS next FROM core_indexed_blocks WHERE chain_id = %(chain_id)s
