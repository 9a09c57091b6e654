-- The filters of GET /v1/tracks/search, in one place for every search query. A single-expression SQL
-- function, so the planner inlines it into each query.
CREATE OR REPLACE FUNCTION track_passes_search_filters(
    t tracks,
    genres text[],
    moods text[],
    musical_keys text[],
    bpm_min double precision,
    bpm_max double precision,
    downloadable_only boolean,
    purchaseable_only boolean,
    include_purchaseable boolean
) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT NOT t.is_delete AND NOT t.is_unlisted AND t.is_available AND t.stem_of IS NULL
       AND (cardinality(genres) = 0 OR t.genre = ANY(genres))
       AND (cardinality(moods) = 0 OR t.mood = ANY(moods))
       AND (cardinality(musical_keys) = 0 OR t.musical_key = ANY(musical_keys))
       AND (bpm_min IS NULL OR t.bpm >= bpm_min)
       AND (bpm_max IS NULL OR t.bpm <= bpm_max)
       AND (NOT downloadable_only OR t.is_downloadable)
       AND (NOT purchaseable_only OR coalesce(t.stream_conditions ? 'usdc_purchase', false))
       AND (include_purchaseable OR purchaseable_only
            OR NOT coalesce(t.stream_conditions ? 'usdc_purchase', false))
$$;

-- Search's walks (db/queries/search_tracks.sql) test the tracks they pass one id at a time: this is that test,
-- the title when the track matches the words and passes the filters. It is written on
-- to_tsvector('simple', title), not on the GIN index's coalesce(title, ''), so the planner cannot answer it
-- from the index's whole match list; OFFSET 0 keeps it, once inlined, a lookup by id per row.
CREATE OR REPLACE FUNCTION search_hit_title(
    id integer,
    tsquery text,
    genres text[],
    moods text[],
    musical_keys text[],
    bpm_min double precision,
    bpm_max double precision,
    downloadable_only boolean,
    purchaseable_only boolean,
    include_purchaseable boolean
) RETURNS TABLE (title text)
LANGUAGE sql STABLE AS $$
    SELECT t.title FROM tracks t
    WHERE t.track_id = id AND t.is_current
      AND to_tsvector('simple', t.title) @@ to_tsquery('simple', tsquery)
      AND track_passes_search_filters(t, genres, moods, musical_keys, bpm_min, bpm_max, downloadable_only,
                                      purchaseable_only, include_purchaseable)
    OFFSET 0
$$;
