-- Who reposted a track.
--@size
SELECT repost_count FROM aggregate_track WHERE track_id = %(track_id)s
--@members
SELECT r.user_id FROM reposts r
           WHERE r.repost_item_id = %(track_id)s AND r.repost_type = 'track' AND r.is_current AND NOT r.is_delete
--@probe
SELECT 1 FROM reposts r
         WHERE r.user_id = au.user_id AND r.repost_type = 'track' AND r.repost_item_id = %(track_id)s
           AND r.is_current AND NOT r.is_delete
