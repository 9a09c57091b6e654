-- User search: every word of the query must begin a word of the name or of the handle (no words: every user).
-- Reads user_search (migration 0033: one narrow row per active user, the words parsed once); filters:
-- user_search_passes (db/functions/search_filters.sql).
--
-- Orders:
--   popular   followers, most first, then user_id;
--   recent    created_at, newest first, then user_id, highest first;
--   relevant  first the users the viewer follows (of their %(follows)s newest follows; most followed first), as
--             upstream boosts them above everything; then a rescore window: the %(window)s most followed
--             other matches, an exact name or handle first, then verified users, then by text rank, then
--             followers; after them the other matches by followers.
--
-- Bounded work whatever the words, as db/queries/search_tracks.sql: the probe reads at most %(probe)s matches
-- through the GIN index and orders them when that was all of them; otherwise the words are common and the
-- followers index (or created_at's) is walked in order, each user tested by search_hit_user, until the
-- page, the window and the followed users the page skips are filled.
-- The query parsed once (a generic plan cannot fold to_tsquery, and would parse it again per walked row), and
-- given to the walks as a column, tq.q: a function given a sub-select instead is not inlined, a call per row.
WITH text_query AS MATERIALIZED (  -- typos forgiven: db/functions/search_fuzzy.sql
    SELECT * FROM search_text_query('u', %(tsquery)s, %(words)s::text[], %(prefix)s::text)
),
walk_first AS MATERIALIZED (  -- common words skip the probe: search_walks_first (db/functions/search_words.sql)
    SELECT search_walks_first('u', tq.terms, %(prefix)s::text,
                              greatest(%(window)s, %(offset)s::bigint + %(limit)s),
                              %(probe)s, %(gin_budget)s, %(walk_cost)s,
                              near => tq.near) AS walk
    FROM text_query tq
),
probe AS MATERIALIZED (  -- search_probe_users (db/functions/search_filters.sql): always the text index
    SELECT p.user_id, p.name, p.handle, p.is_verified, p.created_at, p.words
    FROM search_probe_users(
        search_query('u', (SELECT q FROM text_query), %(prefix)s::text),
        %(genres)s::text[], %(only_verified)s, %(probe)s) p
    WHERE %(tsquery)s <> '' AND NOT (SELECT walk FROM walk_first)
),
-- No text (filters alone) walks, as common words do.
every_match AS MATERIALIZED (
    SELECT count(*) < %(probe)s AND NOT (SELECT walk FROM walk_first) AND %(tsquery)s <> '' AS found FROM probe
),
-- The matches among the viewer's %(follows)s newest follows: that many read whatever the words (the viewer who
-- follows 100,000 users and types a word none of them has reads 2,000 rows, not 100,000).
followed AS MATERIALIZED (
    SELECT w.* FROM text_query tq CROSS JOIN LATERAL (
        SELECT f.followee_user_id AS user_id, m.name, m.handle, m.is_verified, m.created_at, m.words
        FROM (
            SELECT f.followee_user_id FROM follows f
            WHERE %(sort_method)s = 'relevant' AND %(my_id)s > 0
              AND f.follower_user_id = %(my_id)s AND f.is_current AND NOT f.is_delete
            ORDER BY f.created_at DESC, f.followee_user_id
            LIMIT %(follows)s
        ) f
        CROSS JOIN LATERAL search_hit_user(f.followee_user_id, tq.q, %(genres)s::text[], %(only_verified)s) m
    ) w
),
-- The other matches the page needs (none when the followed fill it; else the window, or the page's rest past
-- the followed), plus as many again as there are followed, whom the walk meets and the page leaves out.
wanted AS MATERIALIZED (
    SELECT CASE WHEN f.n >= %(offset)s::bigint + %(limit)s THEN 0
                ELSE greatest(%(window)s, %(offset)s::bigint + %(limit)s - f.n) + f.n END AS n
    FROM (SELECT count(*) AS n FROM followed) f
),
walk_followers AS MATERIALIZED (
    SELECT w.* FROM text_query tq CROSS JOIN LATERAL (
        SELECT au.user_id, m.name, m.handle, m.is_verified, m.created_at, m.words
        FROM aggregate_user au
        CROSS JOIN LATERAL search_hit_user(au.user_id, tq.q, %(genres)s::text[], %(only_verified)s) m
        WHERE %(sort_method)s <> 'recent' AND NOT (SELECT found FROM every_match)
        ORDER BY au.follower_count DESC, au.user_id
        LIMIT (SELECT n FROM wanted)
    ) w
),
walk_recent AS MATERIALIZED (
    SELECT w.* FROM text_query tq CROSS JOIN LATERAL (
        SELECT u.user_id, m.name, m.handle, m.is_verified, m.created_at, m.words
        FROM user_search u
        CROSS JOIN LATERAL search_hit_user(u.user_id, tq.q, %(genres)s::text[], %(only_verified)s) m
        WHERE %(sort_method)s = 'recent' AND NOT (SELECT found FROM every_match)
        ORDER BY u.created_at DESC, u.user_id DESC
        LIMIT (SELECT n FROM wanted)
    ) w
),
matched AS (
    SELECT p.*, false AS is_followed FROM probe p WHERE (SELECT found FROM every_match)
    UNION ALL
    SELECT w.*, false FROM walk_followers w
    UNION ALL
    SELECT w.*, false FROM walk_recent w
),
found AS (
    SELECT f.*, true AS is_followed FROM followed f
    UNION ALL
    SELECT m.* FROM matched m WHERE NOT EXISTS (SELECT FROM followed f WHERE f.user_id = m.user_id)
),
ordered AS (
    SELECT f.user_id, f.name, f.handle, f.is_verified, f.words, f.is_followed,
           row_number() OVER (PARTITION BY f.is_followed ORDER BY
               CASE WHEN %(sort_method)s = 'recent' THEN f.created_at END DESC,
               CASE WHEN %(sort_method)s <> 'recent' THEN au.follower_count END DESC,
               CASE WHEN %(sort_method)s = 'recent' THEN f.user_id END DESC,
               f.user_id) AS position
    FROM found f
    LEFT JOIN LATERAL (  -- an index probe per match, not a join of all aggregates
        SELECT a.follower_count FROM aggregate_user a WHERE a.user_id = f.user_id OFFSET 0
    ) au ON true
),
ranked AS (
    SELECT o.user_id, o.position,
           CASE WHEN o.is_followed THEN 0
                WHEN %(sort_method)s = 'relevant' AND o.position <= %(window)s THEN 1 ELSE 2 END AS tier,
           coalesce(lower(o.name) = %(exact)s OR lower(o.handle) = replace(%(exact)s, ' ', ''), false) AS exact,
           o.is_verified,
           CASE WHEN %(tsquery)s <> ''
                THEN ts_rank(o.words, (SELECT q FROM text_query)) END AS rank
    FROM ordered o
)
SELECT r.user_id
FROM ranked r
ORDER BY
    r.tier,
    CASE WHEN r.tier = 1 THEN r.exact END DESC,
    CASE WHEN r.tier = 1 THEN r.is_verified END DESC,
    CASE WHEN r.tier = 1 THEN r.rank END DESC,
    r.position
LIMIT %(limit)s OFFSET %(offset)s
