-- User search's own table (issue 22, docs/search.md), as track_search (migration 0032) is track search's: one
-- narrow row per user search may find (current, active, available), the name's and handle's words parsed
-- once, so a walk of the followers index tests ~150-byte rows instead of wide users rows re-parsed per row.
-- Kept equal to user_search_source by the triggers of db/functions/user_search.sql.
CREATE TABLE IF NOT EXISTS user_search (
    user_id integer PRIMARY KEY,
    created_at timestamp NOT NULL,
    name text,
    handle text,
    words tsvector NOT NULL,
    is_verified boolean NOT NULL
);

CREATE INDEX IF NOT EXISTS user_search_words_idx ON user_search USING gin (words);
-- Newest first (then the highest id), walked for a page; user_id in the key makes the walk index-only.
CREATE INDEX IF NOT EXISTS user_search_recent_idx ON user_search (created_at DESC, user_id DESC);

-- User search's genre filter asks whether a user has a findable track in a genre: an owner's rows by genre.
CREATE INDEX IF NOT EXISTS track_search_owner_genre_idx ON track_search (owner_id, genre);
DROP INDEX IF EXISTS track_search_owner_idx;

-- The indexes on users this table replaces: every user write paid for them, and no query reads them now.
DROP INDEX IF EXISTS users_search_words_idx;
DROP INDEX IF EXISTS users_search_recent_idx;

-- Search's text indexes take each write at once (no pending list): a GIN index's pending list is read in full by
-- every query until a vacuum merges it, up to 4 MB of unsorted entries, a millisecond or more on every search
-- for what saves a little on each write (seen: 3.5 ms for a word nothing matches, 20,000 users). Writes to
-- these tables are track and profile edits, rare next to searches.
ALTER INDEX track_search_title_idx SET (fastupdate = off);
ALTER INDEX track_search_tags_idx SET (fastupdate = off);
ALTER INDEX user_search_words_idx SET (fastupdate = off);
