SELECT CASE WHEN is_album THEN 'album' ELSE 'playlist' END AS kind
FROM playlists WHERE playlist_id = %(id)s AND is_current
