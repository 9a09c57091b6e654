-- Tracks no longer listed stay as removed rows (when they left), as the ETL keeps them.
UPDATE playlist_tracks SET is_removed = true, updated_at = %(at)s
WHERE playlist_id = %(playlist_id)s AND NOT is_removed AND track_id <> ALL (%(track_ids)s::integer[])
