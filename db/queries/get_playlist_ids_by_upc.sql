-- UPCs -> the current playlists (albums, in practice) that carry them (upstream's get_playlist_ids_by_upc).
SELECT p.playlist_id
FROM playlists p
WHERE p.upc = ANY(%(upcs)s::text[]) AND p.upc IS NOT NULL AND p.is_current
ORDER BY p.playlist_id
