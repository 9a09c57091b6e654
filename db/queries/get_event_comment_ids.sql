-- One page of an event's top-level comments (upstream's v1EventComments), in the variant's order: @newest,
-- @timestamp (oldest first) or @top (most reacted first, ties newest first). Replies come nested
-- in each comment (hydrate.comments). Hidden, as upstream, unless the viewer wrote the comment: comments
-- by a user the viewer or the event's host muted, comments the viewer or the host reported, and comments
-- by deactivated users (the host's own stay). newest and timestamp walk comments_event_recent_idx in
-- their order and stop at the page; top counts every comment's reactions (a sort over the event's comments).
WITH host AS (
    SELECT e.user_id FROM events e WHERE e.event_id = %(event_id)s
)
SELECT c.comment_id
FROM comments c
WHERE c.entity_type = 'Event' AND c.entity_id = %(event_id)s AND NOT coalesce(c.is_delete, false)
  AND NOT EXISTS (SELECT 1 FROM comment_threads ct WHERE ct.comment_id = c.comment_id)
  AND (c.user_id = %(my_id)s OR (
      NOT EXISTS (SELECT 1 FROM muted_users m
                  WHERE m.muted_user_id = c.user_id AND NOT m.is_delete
                    AND (m.user_id = %(my_id)s OR m.user_id = (SELECT user_id FROM host)))
      AND NOT EXISTS (SELECT 1 FROM comment_reports r
                      WHERE r.comment_id = c.comment_id AND NOT r.is_delete
                        AND (r.user_id = %(my_id)s OR r.user_id = (SELECT user_id FROM host)))
      AND (c.user_id = (SELECT user_id FROM host)
           OR (SELECT NOT u.is_deactivated FROM users u WHERE u.user_id = c.user_id AND u.is_current))))
ORDER BY /*@order*/
LIMIT %(limit)s OFFSET %(offset)s
