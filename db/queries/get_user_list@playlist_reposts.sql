-- Who reposted a playlist or album (upstream counts any repost whose type is not 'track').
--@size
SELECT repost_count FROM aggregate_playlist WHERE playlist_id = %(playlist_id)s
--@members
-- One index range per type, each in user id order, so the base's ORDER BY 1 merges them instead of sorting.
SELECT r.user_id FROM reposts r
           WHERE r.repost_item_id = %(playlist_id)s AND r.repost_type = 'playlist' AND r.is_current AND NOT r.is_delete
           UNION ALL
           SELECT r.user_id FROM reposts r
           WHERE r.repost_item_id = %(playlist_id)s AND r.repost_type = 'album' AND r.is_current AND NOT r.is_delete
--@probe
SELECT 1 FROM reposts r
         WHERE r.user_id = au.user_id AND r.repost_type IN ('playlist', 'album')
           AND r.repost_item_id = %(playlist_id)s AND r.is_current AND NOT r.is_delete
