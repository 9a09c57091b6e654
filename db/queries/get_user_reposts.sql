-- One page of a user's reposts, tracks and playlists mixed, newest first (upstream's Go v1_users_reposts;
-- ties to the higher item id, as the legacy provider). A repost shows only when its item is one the viewer
-- may see, by get_tracks.sql's and get_playlists.sql's rules (current, not deleted, public or the viewer's:
-- an unlisted track for its owner and invited collaborators, a private playlist for its owner), so a page is
-- never cut short by the hydration; tracks also available and no stems (the legacy provider's rule). A
-- deactivated user has no reposts listed, and the reposts of a deactivated artist's items are left out, as
-- their profiles list nothing.
-- Each kind (track, playlist, album) walks the reposter's reposts_user_recent_item_idx (migration 0028) in
-- the page's order and stops at the page's end, probing each repost's item as it goes (a LATERAL with LIMIT
-- 1, so the probe stays a probe: as a join, the planner hashed the whole playlists table for a user with
-- 3,000 playlist reposts). The final sort takes at most three times offset + limit rows, however many
-- reposts the user made.
WITH page AS (
    (SELECT 'track' AS item_type, r.repost_item_id AS item_id, r.created_at
     FROM reposts r
     CROSS JOIN LATERAL (
         SELECT 1 FROM tracks t
         WHERE t.track_id = r.repost_item_id AND t.is_current
           AND NOT t.is_delete AND t.is_available AND t.stem_of IS NULL
           AND (NOT t.is_unlisted OR t.owner_id = %(my_id)s OR (%(my_id)s > 0 AND EXISTS (
                   SELECT 1 FROM track_collaborators c
                   WHERE c.track_id = t.track_id AND c.collaborator_user_id = %(my_id)s
                     AND c.status IN ('pending', 'accepted'))))
           AND EXISTS (SELECT 1 FROM users o WHERE o.user_id = t.owner_id AND o.is_current
                                                AND NOT o.is_deactivated)
         LIMIT 1
     ) visible
     WHERE r.user_id = %(user_id)s AND r.repost_type = 'track' AND r.is_current AND NOT r.is_delete
     ORDER BY r.created_at DESC, r.repost_item_id DESC
     LIMIT %(limit)s::bigint + %(offset)s)
    UNION ALL
    (SELECT 'playlist', r.repost_item_id, r.created_at
     FROM reposts r
     CROSS JOIN LATERAL (
         SELECT 1 FROM playlists p
         WHERE p.playlist_id = r.repost_item_id AND p.is_current AND NOT p.is_delete
           AND (NOT p.is_private OR p.playlist_owner_id = %(my_id)s)
           AND EXISTS (SELECT 1 FROM users o WHERE o.user_id = p.playlist_owner_id AND o.is_current
                                                AND NOT o.is_deactivated)
         LIMIT 1
     ) visible
     WHERE r.user_id = %(user_id)s AND r.repost_type = 'playlist' AND r.is_current AND NOT r.is_delete
     ORDER BY r.created_at DESC, r.repost_item_id DESC
     LIMIT %(limit)s::bigint + %(offset)s)
    UNION ALL
    (SELECT 'playlist', r.repost_item_id, r.created_at
     FROM reposts r
     CROSS JOIN LATERAL (
         SELECT 1 FROM playlists p
         WHERE p.playlist_id = r.repost_item_id AND p.is_current AND NOT p.is_delete
           AND (NOT p.is_private OR p.playlist_owner_id = %(my_id)s)
           AND EXISTS (SELECT 1 FROM users o WHERE o.user_id = p.playlist_owner_id AND o.is_current
                                                AND NOT o.is_deactivated)
         LIMIT 1
     ) visible
     WHERE r.user_id = %(user_id)s AND r.repost_type = 'album' AND r.is_current AND NOT r.is_delete
     ORDER BY r.created_at DESC, r.repost_item_id DESC
     LIMIT %(limit)s::bigint + %(offset)s)
)
SELECT item_type, item_id, created_at
FROM page
-- Checked once (an uncorrelated test), not per row.
WHERE EXISTS (SELECT 1 FROM users u WHERE u.user_id = %(user_id)s AND u.is_current AND NOT u.is_deactivated)
ORDER BY created_at DESC, item_id DESC, item_type DESC
LIMIT %(limit)s OFFSET %(offset)s
