-- The comment the track's owner pinned, when it is a listed top-level comment this viewer is shown: the
-- first comment of the track's first page in every sort (as upstream's clients show it).
SELECT c.comment_id
FROM tracks t
JOIN comments c ON c.comment_id = t.pinned_comment_id
WHERE t.track_id = %(track_id)s AND t.is_current
  AND c.entity_type = 'Track' AND c.entity_id = t.track_id
  AND c.parent_comment_id IS NULL AND (c.is_delete IS NOT TRUE OR c.reply_count > 0)
  AND comment_shown_to(c.comment_id, c.user_id, t.owner_id, %(my_id)s)
