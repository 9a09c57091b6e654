-- Whether the viewer muted the comment notifications of this track (false without a setting, and for an
-- anonymous viewer).
SELECT coalesce((
    SELECT s.is_muted FROM comment_notification_settings s
    WHERE %(my_id)s > 0 AND s.user_id = %(my_id)s AND s.entity_type = 'Track' AND s.entity_id = %(track_id)s
), false) AS is_muted
