-- The parent of a reply: a comment on the same track or event, deleted or not (the ETL checks only that it
-- exists there, so a replayed reply to a deleted legacy comment keeps its thread).
SELECT comment_id FROM comments
WHERE comment_id = %(comment_id)s AND entity_type = %(entity_type)s AND entity_id = %(entity_id)s
