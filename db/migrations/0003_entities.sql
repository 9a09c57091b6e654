-- ManageEntity handlers: what the entity manager needs beyond the core schema.

-- Replies (upstream comment_threads): a comment created with parent_comment_id is a reply in that thread.
CREATE TABLE IF NOT EXISTS comment_threads (
    comment_id integer NOT NULL,
    parent_comment_id integer NOT NULL,
    PRIMARY KEY (parent_comment_id, comment_id)
);
CREATE INDEX IF NOT EXISTS comment_threads_comment_id_idx ON comment_threads (comment_id);

-- Route collisions are looked up per owner and title slug on every create and rename.
CREATE INDEX IF NOT EXISTS track_routes_owner_title_slug_idx ON track_routes (owner_id, title_slug, collision_id);
CREATE INDEX IF NOT EXISTS playlist_routes_owner_title_slug_idx
    ON playlist_routes (owner_id, title_slug, collision_id);

-- Handles are unique case-insensitively among current users; the handler checks it by this index.
CREATE INDEX IF NOT EXISTS users_current_handle_lc_idx ON users (lower(handle)) WHERE is_current;
