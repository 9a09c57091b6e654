-- The listed tracks that exist are in the playlist: new ones join, removed ones come back.
INSERT INTO playlist_tracks (playlist_id, track_id, is_removed, created_at, updated_at)
SELECT %(playlist_id)s, t.track_id, false, %(at)s, %(at)s
FROM tracks t WHERE t.track_id = ANY (%(track_ids)s::integer[]) AND t.is_current
ON CONFLICT (playlist_id, track_id) DO UPDATE SET is_removed = false, updated_at = EXCLUDED.updated_at
WHERE playlist_tracks.is_removed
