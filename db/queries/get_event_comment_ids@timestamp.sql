-- Oldest first (comments_event_recent_idx).
c.created_at, c.comment_id
