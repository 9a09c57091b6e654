-- Who saved (favorited) a playlist or album (upstream counts any save whose type is not 'track').
--@size
SELECT save_count FROM aggregate_playlist WHERE playlist_id = %(playlist_id)s
--@members
-- One index range per type, each in user id order, so the base's ORDER BY 1 merges them instead of sorting.
SELECT s.user_id FROM saves s
           WHERE s.save_item_id = %(playlist_id)s AND s.save_type = 'playlist' AND s.is_current AND NOT s.is_delete
           UNION ALL
           SELECT s.user_id FROM saves s
           WHERE s.save_item_id = %(playlist_id)s AND s.save_type = 'album' AND s.is_current AND NOT s.is_delete
--@probe
SELECT 1 FROM saves s
         WHERE s.user_id = au.user_id AND s.save_type IN ('playlist', 'album')
           AND s.save_item_id = %(playlist_id)s AND s.is_current AND NOT s.is_delete
