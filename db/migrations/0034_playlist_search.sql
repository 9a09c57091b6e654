-- Playlist and album search's own table (issue 22, docs/search.md), as track_search and user_search
-- (migrations 0032, 0033): one narrow row per playlist or album search may find (current, not deleted, not
-- private, of an active owner), its name's words parsed once, so a walk of the reposts index tests a small row
-- instead of a playlists row (its contents a JSON list of every track) re-parsed and its owner looked up.
-- Kept equal to playlist_search_source by the triggers of db/functions/playlist_search.sql.
CREATE TABLE IF NOT EXISTS playlist_search (
    playlist_id integer PRIMARY KEY,
    owner_id integer NOT NULL,
    is_album boolean NOT NULL,
    created_at timestamp NOT NULL,
    playlist_name text,
    words tsvector NOT NULL,
    owner_verified boolean NOT NULL
);

-- No pending list, as migration 0033 explains for the other search indexes.
CREATE INDEX IF NOT EXISTS playlist_search_words_idx ON playlist_search USING gin (words) WITH (fastupdate = off);
-- Newest first (then the highest id), walked for a page; playlist_id in the key makes the walk index-only.
CREATE INDEX IF NOT EXISTS playlist_search_recent_idx ON playlist_search (created_at DESC, playlist_id DESC);
-- An owner's rows, for the triggers: a deactivation removes them all, a verification flips them all.
CREATE INDEX IF NOT EXISTS playlist_search_owner_idx ON playlist_search (owner_id);

-- The indexes on playlists this table replaces.
DROP INDEX IF EXISTS playlists_search_words_idx;
DROP INDEX IF EXISTS playlists_search_recent_idx;
