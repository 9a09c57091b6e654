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
    include_purchaseable boolean,
    only_verified boolean
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
       -- A deactivated (or unavailable) owner's tracks are never found, as upstream's index leaves them out.
       AND EXISTS (SELECT FROM users u WHERE u.user_id = t.owner_id AND u.is_current AND NOT u.is_deactivated
                   AND u.is_available AND (NOT only_verified OR u.is_verified))
$$;

-- Search's walks (db/queries/search_tracks.sql) test the tracks they pass one id at a time: this is that test,
-- the title and tags when the track matches the words and passes the filters. It is written on
-- search_track_words(coalesce(title, ''), tags), not on the GIN index's expression, so the planner cannot
-- answer it from the index's whole match list; OFFSET 0 keeps it, once inlined, a lookup by id per row.
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
    include_purchaseable boolean,
    only_verified boolean
) RETURNS TABLE (title text, tags text)
LANGUAGE sql STABLE AS $$
    SELECT t.title, t.tags FROM tracks t
    WHERE t.track_id = id AND t.is_current
      AND search_track_words(coalesce(t.title, ''), t.tags) @@ to_tsquery('simple', tsquery)
      AND track_passes_search_filters(t, genres, moods, musical_keys, bpm_min, bpm_max, downloadable_only,
                                      purchaseable_only, include_purchaseable, only_verified)
    OFFSET 0
$$;

-- The signatures before users' and tags' search (issue 22) added the verified-owner filter.
DROP FUNCTION IF EXISTS search_hit_title(integer, text, text[], text[], text[], double precision, double precision,
                                         boolean, boolean, boolean);
DROP FUNCTION IF EXISTS track_passes_search_filters(tracks, text[], text[], text[], double precision,
                                                    double precision, boolean, boolean, boolean);

-- GET /v1/users/search and the users of /v1/search/*: active users only; a genre names the users with a
-- public track in it (upstream's index counts every track of theirs, unlisted ones too, so a private
-- track's genre would show).
CREATE OR REPLACE FUNCTION user_passes_search_filters(u users, genres text[], only_verified boolean)
RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT u.is_current AND NOT u.is_deactivated AND u.is_available
       AND (NOT only_verified OR u.is_verified)
       AND (cardinality(genres) = 0 OR EXISTS (
            SELECT FROM tracks t
            WHERE t.owner_id = u.user_id AND t.is_current AND t.genre = ANY(genres)
              AND NOT t.is_delete AND NOT t.is_unlisted AND t.is_available AND t.stem_of IS NULL))
$$;

-- The users' walks' test of one user (as search_hit_title for tracks): an expression the GIN index does not
-- answer, fenced by OFFSET 0. No words ('') match every user.
CREATE OR REPLACE FUNCTION search_hit_user(id integer, tsquery text, genres text[], only_verified boolean)
RETURNS TABLE (name text, handle text, is_verified boolean, created_at timestamp)
LANGUAGE sql STABLE AS $$
    SELECT u.name::text, u.handle::text, u.is_verified, u.created_at FROM users u
    WHERE u.user_id = id AND u.is_current
      AND (tsquery = '' OR search_user_words(coalesce(u.name, ''), u.handle) @@ to_tsquery('simple', tsquery))
      AND user_passes_search_filters(u, genres, only_verified)
    OFFSET 0
$$;

-- GET /v1/playlists/search and the playlists and albums of /v1/search/*: public, current playlists of
-- active owners; genres and moods name the playlists holding a public track of one of them (upstream:
-- any track); only_verified, those of verified owners.
CREATE OR REPLACE FUNCTION playlist_passes_search_filters(p playlists, albums boolean, genres text[],
                                                          moods text[], only_verified boolean)
RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT p.is_current AND NOT p.is_delete AND NOT p.is_private AND p.is_album = albums
       AND EXISTS (SELECT FROM users u WHERE u.user_id = p.playlist_owner_id AND u.is_current
                   AND NOT u.is_deactivated AND u.is_available AND (NOT only_verified OR u.is_verified))
       AND (cardinality(genres) + cardinality(moods) = 0 OR EXISTS (
            SELECT FROM playlist_tracks pt JOIN tracks t ON t.track_id = pt.track_id AND t.is_current
            WHERE pt.playlist_id = p.playlist_id AND NOT pt.is_removed
              AND (cardinality(genres) = 0 OR t.genre = ANY(genres))
              AND (cardinality(moods) = 0 OR t.mood = ANY(moods))
              AND NOT t.is_delete AND NOT t.is_unlisted AND t.is_available AND t.stem_of IS NULL))
$$;

CREATE OR REPLACE FUNCTION search_hit_playlist(id integer, tsquery text, albums boolean, genres text[],
                                               moods text[], only_verified boolean)
RETURNS TABLE (playlist_name text, created_at timestamp, is_verified boolean)
LANGUAGE sql STABLE AS $$
    SELECT p.playlist_name::text, p.created_at,
           (SELECT u.is_verified FROM users u WHERE u.user_id = p.playlist_owner_id AND u.is_current)
    FROM playlists p
    WHERE p.playlist_id = id AND p.is_current
      AND (tsquery = '' OR to_tsvector('simple', p.playlist_name) @@ to_tsquery('simple', tsquery))
      AND playlist_passes_search_filters(p, albums, genres, moods, only_verified)
    OFFSET 0
$$;
