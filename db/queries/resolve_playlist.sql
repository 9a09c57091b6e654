-- A playlist or album permalink ("/<handle>/playlist|album/<slug>", old slugs included via playlist_routes)
-- -> the playlist id. Either word finds either kind, as the Go API (it does not check the word against
-- is_album). A private playlist's link resolves only for its owner, as a hidden track's does.
SELECT pr.playlist_id
FROM users u
JOIN playlist_routes pr ON pr.owner_id = u.user_id AND pr.slug = %(slug)s
JOIN playlists p ON p.playlist_id = pr.playlist_id AND p.is_current
WHERE u.handle_lc = lower(%(handle)s) AND u.is_current
  AND (NOT p.is_private OR p.playlist_owner_id = %(my_id)s)
ORDER BY pr.is_current DESC
LIMIT 1
