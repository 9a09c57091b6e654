-- A live comment by id (a reply too), when the viewer may see its track and is shown the comment.
SELECT c.comment_id
FROM comments c
JOIN tracks t ON t.track_id = c.entity_id AND t.is_current
WHERE c.comment_id = %(comment_id)s AND c.entity_type = 'Track' AND c.is_delete IS NOT TRUE
  AND track_visible_to(c.entity_id, %(my_id)s)
  AND comment_shown_to(c.comment_id, c.user_id, t.owner_id, %(my_id)s)
