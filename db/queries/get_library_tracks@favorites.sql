-- A user's live track saves, any order: the viewer's plays of each are probed only when the order asks.
--@source
    SELECT s.save_item_id AS track_id, s.created_at AS item_at,
           (SELECT max(p.created_at) FROM plays p
            WHERE p.play_item_id = s.save_item_id AND p.user_id = %(my_id)s) AS last_listen,
           (SELECT count(*) FROM plays p
            WHERE p.play_item_id = s.save_item_id AND p.user_id = %(my_id)s) AS listens,
           false AS truncated
    FROM saves s
    WHERE s.user_id = %(user_id)s AND s.save_type = 'track' AND s.is_current AND NOT s.is_delete
--@bound
--@first
