SELECT EXISTS (SELECT 1 FROM playlists WHERE playlist_id = %(playlist_id)s) AS exists
