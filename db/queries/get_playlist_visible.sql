-- Whether the viewer may see this playlist at all (get_playlists.sql's rule: current, not deleted, and
-- public or the viewer's own), for the operations under /playlists/{playlist_id} that are not the
-- playlist itself: its reposters and savers, its tracks, its access, which must not reveal a private one.
SELECT EXISTS (
    SELECT 1 FROM playlists p
    WHERE p.playlist_id = %(playlist_id)s AND p.is_current AND NOT p.is_delete
      AND (NOT p.is_private OR p.playlist_owner_id = %(my_id)s)
) AS visible
