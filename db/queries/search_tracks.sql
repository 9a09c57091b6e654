-- Track search (upstream used Elasticsearch): every word of the query must match a word of the title or of
-- the artist's name and handle (%(stats)s 't', the last word as a prefix), or of the tags for tag search
-- ('g'). Reads track_search only (migrations 0032, 0036: one narrow row per findable track, each field's words
-- parsed and indexed); filters:
-- track_search_passes (db/functions/search_filters.sql).
--
-- Orders, the same whichever path below finds the matches:
--   popular   plays, most first (never played last), then track_id;
--   recent    created_at, newest first, then track_id;
--   relevant  a rescore window, as in a search engine: the %(window)s most played matches ordered by text rank
--             (ts_rank of title, artist and tags), then plays; after them the other matches in plays order.
--
-- Bounded work whatever the words. A prefix like "mid" can match a tenth of all titles, and ranking or
-- counting every match costs a row visit each. So:
--   probe  reads at most %(probe)s matches through the field's text index. Fewer than that is every match:
--          they are ordered here (rare words, the common case for real queries).
--   walks  otherwise the words are common (selectivity >= probe / tracks), and walking the plays index, or
--          created_at's, in order while testing each row finds a page after about page / selectivity rows.
-- The walks test each row with search_hit_track (db/functions/search_filters.sql), a lookup by id fenced
-- by OFFSET 0 that no text index answers: the planner can neither read the whole match list for them
-- nor sort instead of walking, whatever its (generic-plan) estimate of the match count.
-- One-time filters on every_match and on the field make exactly one path, and one index, run.
-- The query parsed once (a generic plan cannot fold to_tsquery, and would parse it again per walked row), and
-- given to the walks as a column, tq.q: a function given a sub-select instead is not inlined, a call per row.
WITH text_query AS MATERIALIZED (  -- typos forgiven: db/functions/search_fuzzy.sql
    SELECT * FROM search_text_query(%(stats)s::text, %(tsquery)s, %(words)s::text[], %(prefix)s::text)
),
walk_first AS MATERIALIZED (  -- common words skip the probe: search_walks_first (db/functions/search_words.sql)
    SELECT search_walks_first(%(stats)s::text, tq.terms, %(prefix)s::text,
                              greatest(%(window)s, %(offset)s::bigint + %(limit)s),
                              %(probe)s, %(gin_budget)s, %(walk_cost)s,
                              near => tq.near) AS walk
    FROM text_query tq
),
probe AS MATERIALIZED (  -- search_probe_tracks (db/functions/search_filters.sql): always the text index
    SELECT p.track_id, p.created_at
    FROM search_probe_tracks(
        search_query(%(stats)s::text, (SELECT q FROM text_query), %(prefix)s::text),
        %(stats)s::text, %(genres)s::text[], %(moods)s::text[], %(keys)s::text[], %(bpm_min)s::float8,
        %(bpm_max)s::float8, %(downloadable_only)s, %(purchaseable_only)s, %(include_purchaseable)s,
        %(only_verified)s, %(probe)s) p
    WHERE NOT (SELECT walk FROM walk_first)
),
every_match AS MATERIALIZED (
    SELECT count(*) < %(probe)s AND NOT (SELECT walk FROM walk_first) AS found FROM probe
),
-- The first rows in the sort's base order (plays, or created_at): as many as the page and window need.
walk_plays AS MATERIALIZED (
    SELECT w.* FROM text_query tq CROSS JOIN LATERAL (
        SELECT ap.play_item_id AS track_id, m.words, ap.count AS plays
        FROM aggregate_plays ap
        CROSS JOIN LATERAL search_hit_track(ap.play_item_id, tq.q, %(stats)s::text, %(genres)s::text[],
            %(moods)s::text[], %(keys)s::text[], %(bpm_min)s::float8, %(bpm_max)s::float8, %(downloadable_only)s,
            %(purchaseable_only)s, %(include_purchaseable)s, %(only_verified)s) m
        WHERE %(sort_method)s <> 'recent' AND NOT (SELECT found FROM every_match)
        ORDER BY ap.count DESC NULLS LAST, ap.play_item_id
        LIMIT greatest(%(window)s, %(offset)s::bigint + %(limit)s)
    ) w
),
base AS (
    (
        SELECT p.track_id, NULL::tsvector AS words, p.created_at, ap.plays
        FROM probe p
        LEFT JOIN LATERAL (  -- an index probe per match (OFFSET 0 keeps it one), not a join of all plays
            SELECT ap.count AS plays FROM aggregate_plays ap
            WHERE ap.play_item_id = p.track_id AND %(sort_method)s <> 'recent'
            OFFSET 0
        ) ap ON true
        WHERE (SELECT found FROM every_match)
        -- Only the first rows of the order below are read (a top-N sort of up to %(probe)s matches, not a sort
        -- and a row number of each).
        ORDER BY CASE WHEN %(sort_method)s = 'recent' THEN p.created_at END DESC,
                 CASE WHEN %(sort_method)s <> 'recent' THEN ap.plays END DESC NULLS LAST, p.track_id
        LIMIT greatest(%(window)s, %(offset)s::bigint + %(limit)s)
    )
    UNION ALL
    (
        SELECT w.track_id, w.words, NULL, w.plays FROM walk_plays w
    )
    UNION ALL
    (
        -- Common words, deep page: past the last played match come the matches never played, by id. (Rare:
        -- the played matches ran out, so the words' matches are few, and reading them all is bounded.)
        SELECT m.track_id, NULL, NULL, NULL
        FROM search_probe_tracks(
            search_query(%(stats)s::text, (SELECT q FROM text_query), %(prefix)s::text),
            %(stats)s::text, %(genres)s::text[], %(moods)s::text[], %(keys)s::text[], %(bpm_min)s::float8,
            %(bpm_max)s::float8, %(downloadable_only)s, %(purchaseable_only)s, %(include_purchaseable)s,
            %(only_verified)s, NULL) m
        WHERE %(sort_method)s <> 'recent' AND NOT (SELECT found FROM every_match)
          AND (SELECT count(*) FROM walk_plays) < greatest(%(window)s, %(offset)s::bigint + %(limit)s)
          AND NOT EXISTS (SELECT FROM aggregate_plays ap WHERE ap.play_item_id = m.track_id OFFSET 0)
        ORDER BY m.track_id
        LIMIT greatest(%(window)s, %(offset)s::bigint + %(limit)s)
    )
    UNION ALL
    (
        SELECT w.* FROM text_query tq CROSS JOIN LATERAL (
            SELECT r.track_id, m.words, r.created_at, NULL::bigint
            FROM track_search r
            CROSS JOIN LATERAL search_hit_track(r.track_id, tq.q, %(stats)s::text, %(genres)s::text[],
                %(moods)s::text[], %(keys)s::text[], %(bpm_min)s::float8, %(bpm_max)s::float8, %(downloadable_only)s,
                %(purchaseable_only)s, %(include_purchaseable)s, %(only_verified)s) m
            WHERE %(sort_method)s = 'recent' AND NOT (SELECT found FROM every_match)
            ORDER BY r.created_at DESC, r.track_id
            LIMIT %(offset)s::bigint + %(limit)s
        ) w
    )
),
ordered AS (
    SELECT b.track_id, b.words,
           row_number() OVER (ORDER BY
               CASE WHEN %(sort_method)s = 'recent' THEN b.created_at END DESC,
               CASE WHEN %(sort_method)s <> 'recent' THEN b.plays END DESC NULLS LAST,
               b.track_id) AS position
    FROM base b
)
SELECT o.track_id
FROM ordered o
ORDER BY
    CASE WHEN %(sort_method)s = 'relevant' AND o.position <= %(window)s THEN 0 ELSE 1 END,
    -- The probe's rows come without their words (search_probe_tracks): the window's are read here.
    CASE WHEN %(sort_method)s = 'relevant' AND o.position <= %(window)s
         THEN ts_rank(coalesce(o.words, (SELECT search_track_rank_words(d) FROM track_search d
                                         WHERE d.track_id = o.track_id)),
                      (SELECT q FROM text_query)) END DESC,
    o.position
LIMIT %(limit)s OFFSET %(offset)s
