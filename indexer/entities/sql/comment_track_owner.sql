SELECT c.comment_id, t.track_id, t.owner_id, t.pinned_comment_id
FROM comments c
JOIN tracks t ON t.track_id = c.entity_id AND t.is_current
WHERE c.comment_id = %(comment_id)s AND c.entity_type = 'Track' AND NOT coalesce(c.is_delete, false)
