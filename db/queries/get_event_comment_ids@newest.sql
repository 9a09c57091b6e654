-- Newest first (comments_event_recent_idx, backwards).
c.created_at DESC, c.comment_id DESC
