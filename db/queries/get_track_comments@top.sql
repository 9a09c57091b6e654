c.react_count DESC, c.created_at DESC, c.comment_id DESC
