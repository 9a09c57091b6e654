-- The playlists and albums a user saved that were updated after they saved them and since they last opened
-- them (their newest playlist_seen mark, none = never), in playlist id order (upstream's Go
-- v1_notifications_playlist_updates.go, which reads saves of type 'playlist' only: an album saved is typed
-- 'album', and its updates count too). Only playlists the user may see (get_playlists.sql's rule: upstream
-- kept another user's playlist after it turned private, telling when it changed).
-- The user's saves of each type are one range of save_user_id_idx each (the planner may sort the user's
-- saves for the id order); every saved playlist costs a primary-key probe and a probe of its newest mark.
SELECT s.save_item_id AS playlist_id, p.updated_at, seen.seen_at
FROM (
    SELECT s.save_item_id, s.created_at FROM saves s
    WHERE s.user_id = %(user_id)s AND s.save_type = 'playlist' AND s.is_current AND NOT s.is_delete
    UNION ALL
    SELECT s.save_item_id, s.created_at FROM saves s
    WHERE s.user_id = %(user_id)s AND s.save_type = 'album' AND s.is_current AND NOT s.is_delete
) s
CROSS JOIN LATERAL (
    SELECT p.updated_at FROM playlists p
    WHERE p.playlist_id = s.save_item_id AND p.is_current AND NOT p.is_delete
      AND (NOT p.is_private OR p.playlist_owner_id = %(user_id)s)
    LIMIT 1
) p
LEFT JOIN LATERAL (
    SELECT ps.seen_at FROM playlist_seen ps
    WHERE ps.user_id = %(user_id)s AND ps.playlist_id = s.save_item_id AND ps.is_current
    ORDER BY ps.seen_at DESC
    LIMIT 1
) seen ON true
WHERE s.created_at < p.updated_at
  AND (seen.seen_at IS NULL OR p.updated_at > seen.seen_at)
ORDER BY s.save_item_id
