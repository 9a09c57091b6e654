SELECT EXISTS (SELECT 1 FROM comments WHERE comment_id = %(comment_id)s) AS exists
