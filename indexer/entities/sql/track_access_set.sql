-- {column} is allowed_api_keys or access_authorities (indexer/entities/access.py).
UPDATE tracks SET {column} = %(value)s WHERE track_id = %(track_id)s AND is_current
