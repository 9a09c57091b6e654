-- Who saved (favorited) a track.
--@size
SELECT save_count FROM aggregate_track WHERE track_id = %(track_id)s
--@members
SELECT s.user_id FROM saves s
           WHERE s.save_item_id = %(track_id)s AND s.save_type = 'track' AND s.is_current AND NOT s.is_delete
--@probe
SELECT 1 FROM saves s
         WHERE s.user_id = au.user_id AND s.save_type = 'track' AND s.save_item_id = %(track_id)s
           AND s.is_current AND NOT s.is_delete
