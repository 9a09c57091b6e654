SELECT EXISTS (SELECT 1 FROM tracks WHERE track_id = %(track_id)s) AS exists
