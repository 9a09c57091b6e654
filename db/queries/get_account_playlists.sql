-- The account's playlists and albums for its library menu (upstream GetAccountPlaylists): those it owns
-- and those it saved, newest first, each with its permalink and owner. Deleted ones are left out; another
-- user's private playlist is left out too (upstream listed it by its save, name and all).
-- A library is a sliver of all playlists: each listed playlist, its owner and its current route are
-- probed per row (LIMIT 1 keeps each a probe), never a hash of a whole table.
WITH listed AS (
    SELECT s.save_item_id AS playlist_id FROM saves s
    WHERE s.user_id = %(user_id)s AND s.save_type IN ('playlist', 'album') AND s.is_current AND NOT s.is_delete
    UNION
    SELECT p.playlist_id FROM playlists p WHERE p.playlist_owner_id = %(user_id)s AND p.is_current
)
SELECT p.playlist_id, p.is_album, p.playlist_name, r.slug, u.user_id, u.handle, u.is_deactivated
FROM listed
CROSS JOIN LATERAL (
    SELECT p.playlist_id, p.is_album, p.playlist_name, p.playlist_owner_id, p.created_at
    FROM playlists p
    WHERE p.playlist_id = listed.playlist_id AND p.is_current AND NOT p.is_delete
      AND (NOT p.is_private OR p.playlist_owner_id = %(user_id)s)
    LIMIT 1
) p
CROSS JOIN LATERAL (
    SELECT u.user_id, u.handle, u.is_deactivated FROM users u WHERE u.user_id = p.playlist_owner_id AND u.is_current
    LIMIT 1
) u
CROSS JOIN LATERAL (
    SELECT r.slug FROM playlist_routes r WHERE r.playlist_id = p.playlist_id AND r.is_current LIMIT 1
) r
ORDER BY p.created_at DESC, p.playlist_id
