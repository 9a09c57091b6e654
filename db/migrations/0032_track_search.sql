-- Track search's own table (issue 22, docs/search.md): one narrow row per track search may find, so a
-- search never visits the wide tracks heap or the owner's row. Its walks read the plays or created_at index
-- and test each row here (a page of ~150-byte rows, its words already parsed) instead of re-parsing a title
-- in a tracks row and probing users for the owner's standing: microseconds a row, not a tenth of a
-- millisecond. Which tracks are findable is decided once, when a row is written: track_search_source and the
-- triggers that keep this table equal to it (db/functions/track_search.sql).

-- A title's words at weight A, a track's tags' at weight B: each field its own vector and its own index, so a
-- title query reads title postings only, and `title_words || tag_words` is search_track_words(title, tags)
-- (migration 0031) exactly, the vector relevance ranks.
CREATE OR REPLACE FUNCTION search_title_words(title text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('simple', coalesce(title, '')), 'A')
$$;

CREATE OR REPLACE FUNCTION search_tag_words(tags text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('simple', replace(coalesce(tags, ''), ',', ' ')), 'B')
$$;

CREATE TABLE IF NOT EXISTS track_search (
    track_id integer PRIMARY KEY,
    owner_id integer NOT NULL,
    created_at timestamp NOT NULL,
    title_words tsvector NOT NULL,
    tag_words tsvector NOT NULL,
    -- GET /v1/tracks/search's filters, copied from the track (and owner_verified from its owner).
    genre text,
    mood text,
    musical_key text,
    bpm double precision,
    is_downloadable boolean NOT NULL,
    is_purchaseable boolean NOT NULL,
    owner_verified boolean NOT NULL
);

CREATE INDEX IF NOT EXISTS track_search_title_idx ON track_search USING gin (title_words);
CREATE INDEX IF NOT EXISTS track_search_tags_idx ON track_search USING gin (tag_words);
-- Newest first, walked for a page; track_id in the key makes the walk index-only.
CREATE INDEX IF NOT EXISTS track_search_recent_idx ON track_search (created_at DESC, track_id);
-- An owner's rows, for the triggers: a deactivation removes them all, a verification flips them all.
CREATE INDEX IF NOT EXISTS track_search_owner_idx ON track_search (owner_id);

-- The combined index on tracks this table replaces: every track write paid for it, and no query reads it now.
DROP INDEX IF EXISTS tracks_search_words_idx;
