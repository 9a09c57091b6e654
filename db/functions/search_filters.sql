-- The filters of GET /v1/tracks/search, in one place for every track search query, on its own table
-- (track_search, migration 0032: findable tracks only, so privacy needs no test here). A single-expression
-- SQL function, so the planner inlines it into each query.
CREATE OR REPLACE FUNCTION track_search_passes(
    d track_search,
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
LANGUAGE sql IMMUTABLE AS $$
    SELECT (cardinality(genres) = 0 OR d.genre = ANY(genres))
       AND (cardinality(moods) = 0 OR d.mood = ANY(moods))
       AND (cardinality(musical_keys) = 0 OR d.musical_key = ANY(musical_keys))
       AND (bpm_min IS NULL OR d.bpm >= bpm_min)
       AND (bpm_max IS NULL OR d.bpm <= bpm_max)
       AND (NOT downloadable_only OR d.is_downloadable)
       AND (NOT purchaseable_only OR d.is_purchaseable)
       AND (include_purchaseable OR purchaseable_only OR NOT d.is_purchaseable)
       AND (NOT only_verified OR d.owner_verified)
$$;

-- A track's words in the field searched: 't' its title and its artist's name and handle (one vector, as
-- track_search_words_idx indexes them: migration 0036), 'g' its tags (the statistics' kinds, search_words).
CREATE OR REPLACE FUNCTION track_search_field(d track_search, field text) RETURNS tsvector
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN field = 'g' THEN d.tag_words ELSE d.title_words || d.artist_words END
$$;

-- The vector a track's text rank reads: its title (A), its artist (D) and its tags (B), in this order (ts_rank
-- reads the words' positions, so every reader concatenates them the same way).
CREATE OR REPLACE FUNCTION search_track_rank_words(d track_search) RETURNS tsvector
LANGUAGE sql IMMUTABLE AS $$
    SELECT d.title_words || d.artist_words || d.tag_words
$$;

-- Search's walks (db/queries/search_tracks.sql) test the tracks they pass one id at a time: this is that test,
-- the track's words for ranking (title, artist and tags: search_track_rank_words) when its field matches the
-- query and it passes the filters. The field is chosen by CASE (track_search_field), which no text index
-- answers, so the planner cannot read an index's whole match list for it; OFFSET 0 keeps it, once inlined,
-- a lookup by id per row.
-- Its signature's older form took the query as text, parsed again for each row a generic plan walked.
DROP FUNCTION IF EXISTS search_hit_track(integer, text, text, text[], text[], text[], double precision,
                                         double precision, boolean, boolean, boolean, boolean);
CREATE OR REPLACE FUNCTION search_hit_track(
    id integer,
    query tsquery,
    field text,
    genres text[],
    moods text[],
    musical_keys text[],
    bpm_min double precision,
    bpm_max double precision,
    downloadable_only boolean,
    purchaseable_only boolean,
    include_purchaseable boolean,
    only_verified boolean
) RETURNS TABLE (words tsvector)
LANGUAGE sql STABLE AS $$
    SELECT search_track_rank_words(d) FROM track_search d
    WHERE d.track_id = id
      AND track_search_field(d, field) @@ query
      AND track_search_passes(d, genres, moods, musical_keys, bpm_min, bpm_max, downloadable_only,
                              purchaseable_only, include_purchaseable, only_verified)
    OFFSET 0
$$;

-- The probe (db/queries/search_tracks.sql): at most `probe` findable tracks whose field ('t' title, 'g' tags)
-- matches, read through that field's text index. Not their words: only the rescore window's rows are ranked,
-- and a copy of the words of each of 8,000 matches cost a sixth of the probe. Always through the index: a
-- planner that thinks the words dense, or knows nothing of them (a generic plan), finds a sequential read of
-- this narrow table cheaper, and it is, until the words are rarer than it guessed and the read goes on to the
-- table's end (100 ms and more at a million tracks). Dense words never get here (search_walks_first walks
-- them), so the SET below only takes that gamble away; a function with a SET clause is planned on its own.
-- Its signature's older forms took the query as text (search_query now gives it: db/functions/search_vocabulary.sql),
-- then returned the words too.
DROP FUNCTION IF EXISTS search_probe_tracks(text, text, text[], text[], text[], double precision, double precision,
                                            boolean, boolean, boolean, boolean, bigint);
DROP FUNCTION IF EXISTS search_probe_tracks(tsquery, text, text[], text[], text[], double precision,
                                            double precision, boolean, boolean, boolean, boolean, bigint);
CREATE OR REPLACE FUNCTION search_probe_tracks(
    query tsquery,
    field text,
    genres text[],
    moods text[],
    musical_keys text[],
    bpm_min double precision,
    bpm_max double precision,
    downloadable_only boolean,
    purchaseable_only boolean,
    include_purchaseable boolean,
    only_verified boolean,
    probe bigint
) RETURNS TABLE (track_id integer, created_at timestamp)
LANGUAGE sql STABLE SET enable_seqscan = off AS $$
    SELECT m.track_id, m.created_at
    FROM (
        SELECT d.track_id, d.created_at
        FROM track_search d
        WHERE field = 't' AND (d.title_words || d.artist_words) @@ query
          AND track_search_passes(d, genres, moods, musical_keys, bpm_min, bpm_max, downloadable_only,
                                  purchaseable_only, include_purchaseable, only_verified)
        UNION ALL
        SELECT d.track_id, d.created_at
        FROM track_search d
        WHERE field = 'g' AND d.tag_words @@ query
          AND track_search_passes(d, genres, moods, musical_keys, bpm_min, bpm_max, downloadable_only,
                                  purchaseable_only, include_purchaseable, only_verified)
    ) m
    LIMIT probe
$$;

-- What track_search (migration 0032) replaced: the filters and the walks' test on the tracks and users rows.
DROP FUNCTION IF EXISTS search_hit_title(integer, text, text[], text[], text[], double precision, double precision,
                                         boolean, boolean, boolean, boolean);
DROP FUNCTION IF EXISTS track_passes_search_filters(tracks, text[], text[], text[], double precision,
                                                    double precision, boolean, boolean, boolean, boolean);

-- The signatures before users' and tags' search (issue 22) added the verified-owner filter.
DROP FUNCTION IF EXISTS search_hit_title(integer, text, text[], text[], text[], double precision, double precision,
                                         boolean, boolean, boolean);
DROP FUNCTION IF EXISTS track_passes_search_filters(tracks, text[], text[], text[], double precision,
                                                    double precision, boolean, boolean, boolean);

-- GET /v1/users/search and the users of /v1/search/*, on user search's own table (user_search, migration
-- 0033: active users only). A genre names the users with a findable track in it (upstream's index counts
-- every track of theirs, unlisted ones too, so a private track's genre would show).
-- The genre test is a function of its own: a sub-select in user_search_passes's body would keep the planner
-- from inlining it, and a SQL function called per row costs 6 us (13 ms over a probe's 2,000 playlists).
CREATE OR REPLACE FUNCTION search_user_has_genre(id integer, genres text[]) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT FROM track_search d WHERE d.owner_id = id AND d.genre = ANY(genres))
$$;

CREATE OR REPLACE FUNCTION user_search_passes(u user_search, genres text[], only_verified boolean)
RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT (NOT only_verified OR u.is_verified)
       AND (cardinality(genres) = 0 OR search_user_has_genre(u.user_id, genres))
$$;

-- Its signature's older forms returned no words (a function's result type cannot be replaced in place), then
-- took the query as text.
DROP FUNCTION IF EXISTS search_hit_user(integer, text, text[], boolean);
-- The users' walks' test of one user (as search_hit_track for tracks): the match written on the row's words
-- as a CASE, which the text index does not answer, fenced by OFFSET 0. No query (NULL) matches every user.
CREATE OR REPLACE FUNCTION search_hit_user(id integer, query tsquery, genres text[], only_verified boolean)
RETURNS TABLE (name text, handle text, is_verified boolean, created_at timestamp, words tsvector)
LANGUAGE sql STABLE AS $$
    SELECT u.name, u.handle, u.is_verified, u.created_at, u.words FROM user_search u
    WHERE u.user_id = id
      AND CASE WHEN query IS NULL THEN true ELSE u.words @@ query END
      AND user_search_passes(u, genres, only_verified)
    OFFSET 0
$$;

-- User search's probe: at most `probe` matching users through the text index, never a sequential read of the
-- table (the reason is search_probe_tracks's, above).
DROP FUNCTION IF EXISTS search_probe_users(text, text[], boolean, bigint);
CREATE OR REPLACE FUNCTION search_probe_users(query tsquery, genres text[], only_verified boolean, probe bigint)
RETURNS TABLE (user_id integer, name text, handle text, is_verified boolean, created_at timestamp,
               words tsvector)
LANGUAGE sql STABLE SET enable_seqscan = off AS $$
    SELECT u.user_id, u.name, u.handle, u.is_verified, u.created_at, u.words
    FROM user_search u
    WHERE u.words @@ query AND user_search_passes(u, genres, only_verified)
    LIMIT probe
$$;

-- What user_search (migration 0033) replaced.
DROP FUNCTION IF EXISTS user_passes_search_filters(users, text[], boolean);

-- GET /v1/playlists/search and the playlists and albums of /v1/search/*, on their own table (playlist_search,
-- migration 0034: public playlists of active owners). Genres and moods name the playlists holding a findable
-- track of one of them (track_search's: public, of an active owner; upstream: any track); only_verified, those
-- of verified owners. The test reads track_search, not tracks: a walk tests up to thousands of playlists, and
-- the narrow table stays in the buffers where the wide one's pages came from the kernel's cache (p99 34 ms).
-- Its own function, so playlist_search_passes inlines (as search_user_has_genre).
CREATE OR REPLACE FUNCTION search_playlist_has_track(id integer, genres text[], moods text[]) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT FROM playlist_tracks pt JOIN track_search d ON d.track_id = pt.track_id
        WHERE pt.playlist_id = id AND NOT pt.is_removed
          AND (cardinality(genres) = 0 OR d.genre = ANY(genres))
          AND (cardinality(moods) = 0 OR d.mood = ANY(moods)))
$$;

CREATE OR REPLACE FUNCTION playlist_search_passes(p playlist_search, albums boolean, genres text[], moods text[],
                                                  only_verified boolean)
RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT p.is_album = albums AND (NOT only_verified OR p.owner_verified)
       AND (cardinality(genres) + cardinality(moods) = 0 OR search_playlist_has_track(p.playlist_id, genres, moods))
$$;

-- Its signature's older forms returned no words (a function's result type cannot be replaced in place), then
-- took the query as text.
DROP FUNCTION IF EXISTS search_hit_playlist(integer, text, boolean, text[], text[], boolean);
-- The playlists' walks' test of one playlist (as search_hit_track for tracks). A playlist's words are its
-- name's and its owner's (migration 0036), one vector as playlist_search_text_idx indexes them.
CREATE OR REPLACE FUNCTION search_hit_playlist(id integer, query tsquery, albums boolean, genres text[],
                                               moods text[], only_verified boolean)
RETURNS TABLE (playlist_name text, created_at timestamp, is_verified boolean, words tsvector)
LANGUAGE sql STABLE AS $$
    SELECT p.playlist_name, p.created_at, p.owner_verified, p.words || p.artist_words FROM playlist_search p
    WHERE p.playlist_id = id
      AND CASE WHEN query IS NULL THEN true ELSE (p.words || p.artist_words) @@ query END
      AND playlist_search_passes(p, albums, genres, moods, only_verified)
    OFFSET 0
$$;

-- Playlist search's probe: at most `probe` matching playlists or albums through the text index, never a
-- sequential read of the table (the reason is search_probe_tracks's, above).
DROP FUNCTION IF EXISTS search_probe_playlists(text, boolean, text[], text[], boolean, bigint);
CREATE OR REPLACE FUNCTION search_probe_playlists(query tsquery, albums boolean, genres text[], moods text[],
                                                  only_verified boolean, probe bigint)
RETURNS TABLE (playlist_id integer, playlist_name text, created_at timestamp, is_verified boolean,
               words tsvector)
LANGUAGE sql STABLE SET enable_seqscan = off AS $$
    SELECT p.playlist_id, p.playlist_name, p.created_at, p.owner_verified, p.words || p.artist_words
    FROM playlist_search p
    WHERE (p.words || p.artist_words) @@ query AND playlist_search_passes(p, albums, genres, moods, only_verified)
    LIMIT probe
$$;

-- What playlist_search (migration 0034) replaced.
DROP FUNCTION IF EXISTS playlist_passes_search_filters(playlists, boolean, text[], text[], boolean);
