-- Who saved (favorited) a playlist or album (upstream counts any save whose type is not 'track').
--@size
SELECT save_count FROM aggregate_playlist WHERE playlist_id = %(playlist_id)s
--@members
SELECT s.user_id FROM saves s
           WHERE s.save_item_id = %(playlist_id)s AND s.save_type IN ('playlist', 'album')
             AND s.is_current AND NOT s.is_delete
--@probe
SELECT 1 FROM saves s
         WHERE s.user_id = au.user_id AND s.save_type IN ('playlist', 'album')
           AND s.save_item_id = %(playlist_id)s AND s.is_current AND NOT s.is_delete
