c.created_at DESC, c.comment_id DESC
