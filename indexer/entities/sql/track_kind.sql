SELECT 'track' AS kind FROM tracks WHERE track_id = %(id)s AND is_current
