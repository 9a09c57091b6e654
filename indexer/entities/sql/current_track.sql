SELECT * FROM tracks WHERE track_id = %(track_id)s AND is_current
