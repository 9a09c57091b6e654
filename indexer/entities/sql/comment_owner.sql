-- A live comment, its author and the owner of what it is on (the track's owner or the event's host): either
-- may delete it.
SELECT c.comment_id, c.user_id, c.entity_type, coalesce(t.owner_id, e.user_id) AS entity_owner_id
FROM comments c
LEFT JOIN tracks t ON t.track_id = c.entity_id AND c.entity_type = 'Track' AND t.is_current
LEFT JOIN events e ON e.event_id = c.entity_id AND c.entity_type = 'Event'
WHERE c.comment_id = %(comment_id)s AND NOT coalesce(c.is_delete, false)
