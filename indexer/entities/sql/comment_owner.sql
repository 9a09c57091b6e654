-- A live comment, its author and its track's owner (either may delete it).
SELECT c.comment_id, c.user_id, t.owner_id AS track_owner_id
FROM comments c
LEFT JOIN tracks t ON t.track_id = c.entity_id AND c.entity_type = 'Track' AND t.is_current
WHERE c.comment_id = %(comment_id)s AND NOT coalesce(c.is_delete, false)
