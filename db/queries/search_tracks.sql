-- Track search (upstream used Elasticsearch): every word of the query must prefix-match a word of the
-- title ('word:*A'), or of the tags for tag search ('word:*B'): search_track_words (migration 0031).
-- Filters: db/functions/search_filters.sql (public tracks of active owners only).
--
-- Orders, the same whichever path below finds the matches:
--   popular   plays, most first (never played last), then track_id;
--   recent    created_at, newest first, then track_id;
--   relevant  a rescore window, as in a search engine: the %(window)s most played matches ordered by text rank
--             (ts_rank), then plays; after them the other matches in plays order.
--
-- Bounded work whatever the words. A prefix like "mid" can match a tenth of all titles, and ranking or
-- counting every match costs a heap visit each (seconds at 1,000,000 tracks). So:
--   probe  reads at most %(probe)s matches through the GIN index. Fewer than that is every match: they are
--          ordered here (rare words, the common case for real queries).
--   walks  otherwise the words are common (selectivity >= probe / tracks), and walking the plays index, or
--          created_at's, in order while testing each row finds a page after about page / selectivity rows.
-- The walks test each row with search_hit_title (db/functions/search_filters.sql), a lookup by id fenced
-- by OFFSET 0 that the GIN index cannot answer: the planner can neither read the whole match list for them
-- nor sort instead of walking, whatever its (generic-plan) estimate of the match count.
-- One-time filters on every_match make exactly one path run.
WITH walk_first AS MATERIALIZED (  -- common words skip the probe: search_walks_first (db/functions/search_words.sql)
    SELECT search_walks_first(%(stats)s, 'tg', %(words)s::text[], greatest(%(window)s, %(offset)s::bigint + %(limit)s),
                              %(gin_budget)s, %(walk_cost)s) AS walk
),
probe AS MATERIALIZED (
    SELECT t.track_id, t.title, t.tags, t.created_at
    FROM tracks t
    WHERE search_track_words(t.title, t.tags) @@ to_tsquery('simple', %(tsquery)s)
      AND t.is_current
      AND track_passes_search_filters(t, %(genres)s::text[], %(moods)s::text[], %(keys)s::text[],
              %(bpm_min)s::float8, %(bpm_max)s::float8, %(downloadable_only)s, %(purchaseable_only)s,
              %(include_purchaseable)s, %(only_verified)s)
      AND NOT (SELECT walk FROM walk_first)
    LIMIT %(probe)s
),
every_match AS MATERIALIZED (
    SELECT count(*) < %(probe)s AND NOT (SELECT walk FROM walk_first) AS found FROM probe
),
-- The first rows in the sort's base order (plays, or created_at): as many as the page and window need.
walk_plays AS MATERIALIZED (
    SELECT ap.play_item_id AS track_id, m.title, m.tags, ap.count AS plays
    FROM aggregate_plays ap
    CROSS JOIN LATERAL search_hit_title(ap.play_item_id, %(tsquery)s, %(genres)s::text[], %(moods)s::text[],
        %(keys)s::text[], %(bpm_min)s::float8, %(bpm_max)s::float8, %(downloadable_only)s, %(purchaseable_only)s,
        %(include_purchaseable)s, %(only_verified)s) m
    WHERE %(sort_method)s <> 'recent' AND NOT (SELECT found FROM every_match)
    ORDER BY ap.count DESC NULLS LAST, ap.play_item_id
    LIMIT greatest(%(window)s, %(offset)s::bigint + %(limit)s)
),
base AS (
    (
        SELECT p.track_id, p.title, p.tags, p.created_at, ap.plays
        FROM probe p
        LEFT JOIN LATERAL (  -- an index probe per match (OFFSET 0 keeps it one), not a join of all plays
            SELECT ap.count AS plays FROM aggregate_plays ap
            WHERE ap.play_item_id = p.track_id AND %(sort_method)s <> 'recent'
            OFFSET 0
        ) ap ON true
        WHERE (SELECT found FROM every_match)
    )
    UNION ALL
    (
        SELECT w.track_id, w.title, w.tags, NULL, w.plays FROM walk_plays w
    )
    UNION ALL
    (
        -- Common words, deep page: past the last played match come the matches never played.
        SELECT t.track_id, t.title, t.tags, NULL, NULL
        FROM tracks t
        WHERE %(sort_method)s <> 'recent' AND NOT (SELECT found FROM every_match)
          AND (SELECT count(*) FROM walk_plays) < greatest(%(window)s, %(offset)s::bigint + %(limit)s)
          AND search_track_words(t.title, t.tags) @@ to_tsquery('simple', %(tsquery)s)
          AND t.is_current
          AND track_passes_search_filters(t, %(genres)s::text[], %(moods)s::text[], %(keys)s::text[],
                  %(bpm_min)s::float8, %(bpm_max)s::float8, %(downloadable_only)s, %(purchaseable_only)s,
                  %(include_purchaseable)s, %(only_verified)s)
          AND NOT EXISTS (SELECT FROM aggregate_plays ap WHERE ap.play_item_id = t.track_id OFFSET 0)
        ORDER BY t.track_id
        LIMIT greatest(%(window)s, %(offset)s::bigint + %(limit)s)
    )
    UNION ALL
    (
        SELECT r.track_id, m.title, m.tags, r.created_at, NULL
        FROM tracks r
        CROSS JOIN LATERAL search_hit_title(r.track_id, %(tsquery)s, %(genres)s::text[], %(moods)s::text[],
            %(keys)s::text[], %(bpm_min)s::float8, %(bpm_max)s::float8, %(downloadable_only)s,
            %(purchaseable_only)s, %(include_purchaseable)s, %(only_verified)s) m
        WHERE %(sort_method)s = 'recent' AND NOT (SELECT found FROM every_match) AND r.is_current
        ORDER BY r.created_at DESC, r.track_id
        LIMIT %(offset)s::bigint + %(limit)s
    )
),
ordered AS (
    SELECT b.track_id, b.title, b.tags,
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
    CASE WHEN %(sort_method)s = 'relevant' AND o.position <= %(window)s
         THEN ts_rank(search_track_words(o.title, o.tags), to_tsquery('simple', %(tsquery)s)) END DESC,
    o.position
LIMIT %(limit)s OFFSET %(offset)s
