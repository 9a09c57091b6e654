SELECT comment_id FROM comments
WHERE comment_id = %(comment_id)s AND entity_type = 'Track' AND entity_id = %(track_id)s
  AND NOT coalesce(is_delete, false)
