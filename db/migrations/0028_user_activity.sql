-- A user's reposts and feed (issue 20: getReposts, getUserFeed). A user's live reposts of one kind in the
-- order a page of their reposts lists them, newest first and ties to the higher item id, so a page is read
-- off the front of the index for a user with 20,000 reposts instead of sorting them all. It extends
-- 0024's reposts_user_recent_idx (user, kind, time), whose readers it serves as well, so that one goes.
CREATE INDEX IF NOT EXISTS reposts_user_recent_item_idx
    ON reposts (user_id, repost_type, created_at DESC, repost_item_id DESC)
    WHERE is_current AND NOT is_delete;
DROP INDEX IF EXISTS reposts_user_recent_idx;
