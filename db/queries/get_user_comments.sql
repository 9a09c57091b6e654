-- One page of a user's live comments on tracks (replies too), newest first (the user's comment index):
-- only those on tracks the viewer may see, and that the viewer is shown.
SELECT c.comment_id
FROM comments c
JOIN tracks t ON t.track_id = c.entity_id AND t.is_current
WHERE c.user_id = %(user_id)s AND c.is_delete IS NOT TRUE AND c.entity_type = 'Track'
  AND track_visible_to(c.entity_id, %(my_id)s)
  AND comment_shown_to(c.comment_id, c.user_id, t.owner_id, %(my_id)s)
ORDER BY c.created_at DESC, c.comment_id DESC
LIMIT %(limit)s OFFSET %(offset)s
