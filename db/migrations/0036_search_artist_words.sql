-- A track is found by its artist's name and handle as well as by its title, and a playlist or album by its
-- owner's with its name, as upstream's index holds them (issue 22, docs/search.md): `drake plan` finds
-- "God's Plan" by Drake. The artist's words are their own column, at weight D (a title's are A: a title match
-- ranks above an artist's), so a renamed owner's rows change that column alone (refresh_owned_search,
-- db/functions/handle_search.sql) and the row's other words stay as they were parsed. The text index reads
-- both fields as one vector: every word of a query must match the title or the artist, any mix of the two.
CREATE OR REPLACE FUNCTION search_artist_words(name text, handle text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(search_user_words(name, handle), 'D')
$$;

ALTER TABLE track_search ADD COLUMN IF NOT EXISTS artist_words tsvector NOT NULL DEFAULT '';
ALTER TABLE playlist_search ADD COLUMN IF NOT EXISTS artist_words tsvector NOT NULL DEFAULT '';

-- No pending list, as migration 0033 explains for the other search indexes. These replace the title-only and
-- name-only indexes: no query reads a title's words without its artist's now.
CREATE INDEX IF NOT EXISTS track_search_words_idx ON track_search USING gin ((title_words || artist_words))
    WITH (fastupdate = off);
DROP INDEX IF EXISTS track_search_title_idx;
CREATE INDEX IF NOT EXISTS playlist_search_text_idx ON playlist_search USING gin ((words || artist_words))
    WITH (fastupdate = off);
DROP INDEX IF EXISTS playlist_search_words_idx;
