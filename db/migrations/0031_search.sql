-- Search everywhere (issue 22): the text indexes each search reads its candidates through, and the orders
-- its walks take when the words are too common for the text index (docs/search.md).

-- A track's searchable words: its title's at weight A, its tags' at weight B, in one vector, so one index
-- serves title search ('word:*A') and tag search ('word:*B') alike: the field is in the query text, not in
-- the SQL. Defined here, not in db/functions: the index below needs it before that pass runs, and an index
-- expression's function must never change under its index.
CREATE OR REPLACE FUNCTION search_track_words(title text, tags text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('simple', coalesce(title, '')), 'A')
        || setweight(to_tsvector('simple', replace(coalesce(tags, ''), ',', ' ')), 'B')
$$;

CREATE INDEX IF NOT EXISTS tracks_search_words_idx ON tracks USING gin (search_track_words(title, tags))
    WHERE is_current;
-- The title-only index this replaces.
DROP INDEX IF EXISTS tracks_title_tsv_idx;

-- A user is found by the words of their name and of their handle.
CREATE OR REPLACE FUNCTION search_user_words(name text, handle text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(handle, ''))
$$;

CREATE INDEX IF NOT EXISTS users_search_words_idx ON users USING gin (search_user_words(name, handle))
    WHERE is_current;
-- Newest users first, walked for a page.
CREATE INDEX IF NOT EXISTS users_search_recent_idx ON users (created_at DESC, user_id DESC) WHERE is_current;

-- A playlist or album is found by the words of its name.
CREATE INDEX IF NOT EXISTS playlists_search_words_idx
    ON playlists USING gin (to_tsvector('simple', coalesce(playlist_name, ''))) WHERE is_current;
-- Most reposted first, and newest first, walked for a page.
CREATE INDEX IF NOT EXISTS aggregate_playlist_reposts_idx ON aggregate_playlist (repost_count DESC, playlist_id);
CREATE INDEX IF NOT EXISTS playlists_search_recent_idx ON playlists (created_at DESC, playlist_id DESC)
    WHERE is_current;

-- How many documents hold each word, per field: 't' track titles, 'g' track tags, 'u' user names and
-- handles, 'p' playlist names; term '' holds the field's document count. The queries read it to tell, before
-- touching the text index, whether the words are common enough that expanding their prefixes in the GIN
-- index (every posting of every word they begin) would cost more than walking the sort's index
-- (docs/search.md). Only the choice of path reads it, never the answer: stale counts cost speed, not
-- correctness. Filled by refresh_search_words() (db/functions/search_words.sql).
CREATE TABLE IF NOT EXISTS search_words (
    kind char(1) NOT NULL,
    term text COLLATE "C" NOT NULL,
    docs bigint NOT NULL,
    PRIMARY KEY (kind, term)
);
