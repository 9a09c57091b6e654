-- Playlist and album search (%(albums)s picks which): every word of the query must begin a word of the
-- name (no words: every one). Reads playlist_search (migration 0034: one narrow row per public playlist or album
-- of an active owner, the name's words parsed once); filters: playlist_search_passes.
--
-- Orders:
--   popular   reposts, most first (never reposted last), then playlist_id;
--   recent    created_at, newest first, then playlist_id, highest first;
--   relevant  a rescore window: the %(window)s most reposted matches, an exact name first, then those of
--             verified owners, then by text rank, then reposts; after them the other matches by reposts.
--
-- Bounded work whatever the words, as db/queries/search_tracks.sql: a probe of at most %(probe)s matches
-- through the GIN index, ordered when that was all of them; otherwise walks of the reposts index (then the
-- never reposted, by id) or of created_at's, each playlist tested by search_hit_playlist.
-- The query parsed once (a generic plan cannot fold to_tsquery, and would parse it again per walked row), and
-- given to the walks as a column, tq.q: a function given a sub-select instead is not inlined, a call per row.
WITH text_query AS MATERIALIZED (  -- typos forgiven: db/functions/search_fuzzy.sql
    SELECT * FROM search_text_query('p', %(tsquery)s, %(words)s::text[], %(prefix)s::text)
),
walk_first AS MATERIALIZED (  -- common words skip the probe: search_walks_first (db/functions/search_words.sql)
    SELECT search_walks_first('p', tq.terms, %(prefix)s::text,
                              greatest(%(window)s, %(offset)s::bigint + %(limit)s),
                              %(probe)s, %(gin_budget)s, %(walk_cost)s, search_playlist_share(%(albums)s),
                              near => tq.near) AS walk
    FROM text_query tq
),
probe AS MATERIALIZED (  -- search_probe_playlists (db/functions/search_filters.sql): always the text index
    SELECT p.playlist_id, p.playlist_name, p.created_at, p.is_verified, p.words
    FROM search_probe_playlists(
        search_query('p', (SELECT q FROM text_query), %(prefix)s::text),
        %(albums)s, %(genres)s::text[], %(moods)s::text[], %(only_verified)s,
        %(probe)s) p
    WHERE %(tsquery)s <> '' AND NOT (SELECT walk FROM walk_first)
),
every_match AS MATERIALIZED (
    SELECT count(*) < %(probe)s AND NOT (SELECT walk FROM walk_first) AND %(tsquery)s <> '' AS found FROM probe
),
wanted AS MATERIALIZED (
    SELECT greatest(%(window)s, %(offset)s::bigint + %(limit)s) AS n
),
walk_reposts AS MATERIALIZED (
    SELECT w.* FROM text_query tq CROSS JOIN LATERAL (
        SELECT ap.playlist_id, m.playlist_name, m.created_at, m.is_verified, m.words
        FROM aggregate_playlist ap
        CROSS JOIN LATERAL search_hit_playlist(ap.playlist_id, tq.q, %(albums)s, %(genres)s::text[],
                                               %(moods)s::text[], %(only_verified)s) m
        WHERE %(sort_method)s <> 'recent' AND NOT (SELECT found FROM every_match)
        ORDER BY ap.repost_count DESC, ap.playlist_id
        LIMIT (SELECT n FROM wanted)
    ) w
),
walk_unreposted AS MATERIALIZED (
    SELECT w.* FROM text_query tq CROSS JOIN LATERAL (
        -- Common words, deep page: past the last reposted match come the playlists no one reposted.
        SELECT p.playlist_id, m.playlist_name, m.created_at, m.is_verified, m.words
        FROM playlist_search p
        CROSS JOIN LATERAL search_hit_playlist(p.playlist_id, tq.q, %(albums)s, %(genres)s::text[],
                                               %(moods)s::text[], %(only_verified)s) m
        WHERE %(sort_method)s <> 'recent' AND NOT (SELECT found FROM every_match)
          AND (SELECT count(*) FROM walk_reposts) < (SELECT n FROM wanted)
          AND NOT EXISTS (SELECT FROM aggregate_playlist ap WHERE ap.playlist_id = p.playlist_id OFFSET 0)
        ORDER BY p.playlist_id
        LIMIT (SELECT n FROM wanted)
    ) w
),
walk_recent AS MATERIALIZED (
    SELECT w.* FROM text_query tq CROSS JOIN LATERAL (
        SELECT p.playlist_id, m.playlist_name, m.created_at, m.is_verified, m.words
        FROM playlist_search p
        CROSS JOIN LATERAL search_hit_playlist(p.playlist_id, tq.q, %(albums)s, %(genres)s::text[],
                                               %(moods)s::text[], %(only_verified)s) m
        WHERE %(sort_method)s = 'recent' AND NOT (SELECT found FROM every_match)
        ORDER BY p.created_at DESC, p.playlist_id DESC
        LIMIT (SELECT n FROM wanted)
    ) w
),
found AS (
    SELECT p.* FROM probe p WHERE (SELECT found FROM every_match)
    UNION ALL
    SELECT w.* FROM walk_reposts w
    UNION ALL
    SELECT w.* FROM walk_unreposted w
    UNION ALL
    SELECT w.* FROM walk_recent w
),
ordered AS (
    SELECT f.playlist_id, f.playlist_name, f.is_verified, f.words,
           row_number() OVER (ORDER BY
               CASE WHEN %(sort_method)s = 'recent' THEN f.created_at END DESC,
               CASE WHEN %(sort_method)s <> 'recent' THEN ap.repost_count END DESC NULLS LAST,
               CASE WHEN %(sort_method)s = 'recent' THEN f.playlist_id END DESC,
               f.playlist_id) AS position
    FROM found f
    LEFT JOIN LATERAL (  -- an index probe per match, not a join of all aggregates
        SELECT a.repost_count FROM aggregate_playlist a WHERE a.playlist_id = f.playlist_id OFFSET 0
    ) ap ON true
),
ranked AS (
    SELECT o.playlist_id, o.position,
           CASE WHEN %(sort_method)s = 'relevant' AND o.position <= %(window)s THEN 1 ELSE 2 END AS tier,
           coalesce(lower(o.playlist_name) = %(exact)s, false) AS exact,
           coalesce(o.is_verified, false) AS is_verified,
           CASE WHEN %(tsquery)s <> ''
                THEN ts_rank(o.words, (SELECT q FROM text_query))
           END AS rank
    FROM ordered o
)
SELECT r.playlist_id
FROM ranked r
ORDER BY
    r.tier,
    CASE WHEN r.tier = 1 THEN r.exact END DESC,
    CASE WHEN r.tier = 1 THEN r.is_verified END DESC,
    CASE WHEN r.tier = 1 THEN r.rank END DESC,
    r.position
LIMIT %(limit)s OFFSET %(offset)s
