-- One page of a user's library of playlists or albums (kind: 'playlist' or 'album'; upstream's
-- /users/{id}/library/playlists and /library/albums): those they own or saved (action favorite), reposted
-- (repost) or bought (purchase), or all of them, one entry per playlist at its newest such action (own: its
-- creation). The rules of get_library_tracks@library: the actions merged newest first off one index each
-- (playlists_owner_listing_idx, saves_user_recent_idx, reposts_user_recent_idx,
-- usdc_purchases_buyer_recent_idx), an action kept when no later selected action names the same playlist
-- (at the same time: purchase over repost over save over own), the entries merged newest first in time order
-- (so a page stops after itself); the popularity orders (@sorted) rank the newest `window` entries only.
-- A save or repost is matched by its type ('album' for an album, as the indexer types it); the entry must
-- still be of the kind asked, current, not deleted, and public or the viewer's own (get_playlists.sql's
-- rule: upstream lists another user's private playlist to anyone who saved it).
-- query: the playlist's name or its owner's name contains it, case-insensitively, literally.
WITH entries AS (
    SELECT a.item_id, a.item_at
    -- Each kind in time order, merged below the one-entry filter (so it streams, see @library).
    FROM (SELECT * FROM (
        (SELECT p.playlist_id AS item_id, p.created_at AS item_at, 0 AS kind, '' AS tiebreak
         FROM playlists p
         WHERE p.playlist_owner_id = %(user_id)s AND p.is_album = (%(kind)s = 'album')
           AND p.is_current AND NOT p.is_delete AND %(action)s IN ('all', 'favorite')
         ORDER BY p.created_at DESC)
        UNION ALL
        (SELECT s.save_item_id, s.created_at, 1, ''
         FROM saves s
         WHERE s.user_id = %(user_id)s AND s.save_type = %(kind)s::savetype AND s.is_current AND NOT s.is_delete
           AND %(action)s IN ('all', 'favorite')
         ORDER BY s.created_at DESC)
        UNION ALL
        (SELECT r.repost_item_id, r.created_at, 2, ''
         FROM reposts r
         WHERE r.user_id = %(user_id)s AND r.repost_type = %(kind)s::reposttype AND r.is_current
           AND NOT r.is_delete AND %(action)s IN ('all', 'repost')
         ORDER BY r.created_at DESC)
        UNION ALL
        (SELECT u.content_id, u.created_at, 3, u.signature::text
         FROM usdc_purchases u
         WHERE u.buyer_user_id = %(user_id)s AND u.content_type = %(kind)s::usdc_purchase_content_type
           AND %(action)s IN ('all', 'purchase')
         ORDER BY u.created_at DESC)
    ) merged ORDER BY merged.item_at DESC) a
    WHERE NOT (a.kind <> 0 AND %(action)s IN ('all', 'favorite') AND EXISTS (
              SELECT 1 FROM playlists p
              WHERE p.playlist_id = a.item_id AND p.playlist_owner_id = %(user_id)s AND p.is_current
                AND NOT p.is_delete AND p.created_at > a.item_at))
      AND NOT (a.kind <> 1 AND %(action)s IN ('all', 'favorite') AND EXISTS (
              SELECT 1 FROM saves s
              WHERE s.user_id = %(user_id)s AND s.save_type = %(kind)s::savetype AND s.save_item_id = a.item_id
                AND s.is_current AND NOT s.is_delete
                AND (s.created_at > a.item_at OR (a.kind < 1 AND s.created_at = a.item_at))))
      AND NOT (a.kind <> 2 AND %(action)s = 'all' AND EXISTS (
              SELECT 1 FROM reposts r
              WHERE r.user_id = %(user_id)s AND r.repost_type = %(kind)s::reposttype
                AND r.repost_item_id = a.item_id AND r.is_current AND NOT r.is_delete
                AND (r.created_at > a.item_at OR (a.kind < 2 AND r.created_at = a.item_at))))
      AND NOT (%(action)s IN ('all', 'purchase') AND EXISTS (
              SELECT 1 FROM usdc_purchases u
              WHERE u.buyer_user_id = %(user_id)s AND u.content_type = %(kind)s::usdc_purchase_content_type
                AND u.content_id = a.item_id AND (u.created_at, u.signature::text) > (a.item_at, a.tiebreak)))
    ORDER BY a.item_at DESC, a.item_id DESC
    LIMIT %(window)s
)
SELECT e.item_id AS playlist_id, e.item_at
FROM entries e
CROSS JOIN LATERAL (
    SELECT p.playlist_name, p.playlist_owner_id
    FROM playlists p
    WHERE p.playlist_id = e.item_id AND p.is_current AND NOT p.is_delete AND p.is_album = (%(kind)s = 'album')
      AND (NOT p.is_private OR p.playlist_owner_id = %(my_id)s)
    OFFSET 0
) p
WHERE coalesce(%(query)s::text, '') = ''
   OR strpos(lower(p.playlist_name), lower(%(query)s::text)) > 0
   OR EXISTS (SELECT 1 FROM users u WHERE u.user_id = p.playlist_owner_id AND u.is_current
                AND strpos(lower(u.name), lower(%(query)s::text)) > 0)
ORDER BY
    /*@first*/
    CASE WHEN %(direction)s = 'asc' THEN CASE %(sort_key)s
        WHEN 'reposts' THEN coalesce((SELECT agg.repost_count FROM aggregate_playlist agg
                                    WHERE agg.playlist_id = e.item_id), 0)
        WHEN 'saves' THEN coalesce((SELECT agg.save_count FROM aggregate_playlist agg
                                    WHERE agg.playlist_id = e.item_id), 0)
        WHEN 'added_date' THEN extract(epoch FROM e.item_at) END END ASC,
    CASE WHEN %(direction)s = 'desc' THEN CASE %(sort_key)s
        WHEN 'reposts' THEN coalesce((SELECT agg.repost_count FROM aggregate_playlist agg
                                    WHERE agg.playlist_id = e.item_id), 0)
        WHEN 'saves' THEN coalesce((SELECT agg.save_count FROM aggregate_playlist agg
                                    WHERE agg.playlist_id = e.item_id), 0)
        WHEN 'added_date' THEN extract(epoch FROM e.item_at) END END DESC NULLS LAST,
    e.item_id DESC
LIMIT %(limit)s OFFSET %(offset)s
