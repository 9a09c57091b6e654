-- One page of a thread's live replies, oldest first (the thread index), the ones comment_shown_to hides from
-- this viewer left out; none when the viewer may not see the comment's track.
SELECT r.comment_id
FROM comments p
JOIN tracks t ON t.track_id = p.entity_id AND t.is_current
JOIN LATERAL (
    SELECT r.comment_id, r.created_at FROM comments r
    WHERE r.parent_comment_id = p.comment_id AND r.is_delete IS NOT TRUE
      AND comment_shown_to(r.comment_id, r.user_id, t.owner_id, %(my_id)s)
    ORDER BY r.created_at, r.comment_id
    LIMIT %(limit)s OFFSET %(offset)s
) r ON true
WHERE p.comment_id = %(comment_id)s AND p.entity_type = 'Track'
  AND track_visible_to(p.entity_id, %(my_id)s)
ORDER BY r.created_at, r.comment_id
