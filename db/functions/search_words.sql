-- search_words (migration 0031) recomputed from the data: a full pass over search's tables (a few seconds at
-- 1,000,000 tracks), in one transaction, so readers see the old counts or the new. Run after
-- a bulk load (bench/search.py does) and from time to time; counts that lag the data only move a query
-- between its two equally correct paths.
CREATE OR REPLACE FUNCTION refresh_search_words() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_words;
    -- Counted on search's own tables (migrations 0032-0036): the rows, and the words, a search reads.
    INSERT INTO search_words (kind, term, docs)
    SELECT 't', word, ndoc FROM ts_stat('SELECT title_words || artist_words FROM track_search')
    UNION ALL
    SELECT 'g', word, ndoc FROM ts_stat('SELECT tag_words FROM track_search')
    UNION ALL
    SELECT 'u', word, ndoc FROM ts_stat('SELECT words FROM user_search')
    UNION ALL
    SELECT 'p', word, ndoc FROM ts_stat('SELECT words || artist_words FROM playlist_search')
    UNION ALL
    SELECT k.kind, '', n.docs FROM (SELECT count(*) AS docs FROM track_search) n CROSS JOIN (VALUES ('t'), ('g')) k(kind)
    UNION ALL
    SELECT 'u', '', count(*) FROM user_search
    UNION ALL
    SELECT 'p', '', count(*) FROM playlist_search
    UNION ALL  -- albums, of all playlists: the share an album or a playlist search keeps (search_playlist_share)
    SELECT 'a', '', count(*) FROM playlist_search WHERE is_album;
    -- Each field's short prefixes (1 to 4 letters), under its kind in upper case, with the documents of every
    -- word they begin: a prefix that begins thousands of distinct words (handles ending in numbers) is still
    -- one row to read, and its count is exact.
    INSERT INTO search_words (kind, term, docs)
    SELECT upper(w.kind), left(w.term, n), sum(w.docs)
    FROM search_words w CROSS JOIN generate_series(1, 4) n
    WHERE w.term <> '' AND length(w.term) >= n
    GROUP BY 1, 2;
END
$$;

-- Whether a search should skip the text index and walk its sort's index from the start (docs/search.md).
-- The text index answers a prefix by reading the postings of every word it begins, all of them, before the
-- first row: a cost of `postings`. The walk reads rows in the sort's order until `wanted` match: about
-- wanted / selectivity rows, each `walk_cost` postings' worth, the selectivity estimated as the product of
-- the words' shares (as if independent). Walk when that is cheaper (the index is always read below
-- `gin_budget` postings: well under a millisecond), or when one word should match `probe` rows or more: the
-- probe stops there and the walk must run after it anyway (for several words the product is too rough a
-- guess of their intersection to skip the probe on). A whole word is its own count (the words before the
-- last, upstream's bool_prefix: handlers/search.py query_terms). A prefix of 1 to 4 letters is one row of prefix
-- counts; a longer one sums its words' counts, or, when it begins 200 words or more (handles ending in
-- numbers), takes its first four letters' count as the bound: the statistics read stay bounded too.
-- `kept` is the share of the field's documents the query's fixed filter keeps (albums, or playlists that are
-- not: search_playlist_share): the probe's limit counts only those, and the walk passes the others by.
-- With no statistics (a new database), always the index. stats_kind is the field searched, each with its own
-- index: 't' track titles and artists, 'g' track tags, 'u' users, 'p' playlists' names and owners.
DROP FUNCTION IF EXISTS search_walks_first(char, text[], bigint, bigint, double precision);
DROP FUNCTION IF EXISTS search_walks_first(char, text, text[], bigint, bigint, double precision);
-- Before upstream's bool_prefix reading (every word a prefix), the words came without the prefix apart.
DROP FUNCTION IF EXISTS search_walks_first(char, text[], bigint, bigint, bigint, double precision);
-- Before the share a filter keeps, then the words one typo away.
DROP FUNCTION IF EXISTS search_walks_first(char, text[], text, bigint, bigint, bigint, double precision);
DROP FUNCTION IF EXISTS search_walks_first(char, text[], text, bigint, bigint, bigint, double precision,
                                           double precision);
-- A word search_typos gave alternatives ('word|alternative|...' in words; `near`, the prefix's) counts the
-- postings of them all: a typo of the commonest word is as common as it.
CREATE OR REPLACE FUNCTION search_walks_first(stats_kind char, words text[], prefix text, wanted bigint,
                                              probe bigint, gin_budget bigint, walk_cost double precision,
                                              kept double precision DEFAULT 1, near text[] DEFAULT '{}')
RETURNS boolean
LANGUAGE sql STABLE AS $$
    WITH terms AS (  -- the whole words (each its own index entry), then the prefix the last word is
        SELECT split_part(w.word, '|', 1) AS word, true AS whole, (string_to_array(w.word, '|'))[2:] AS near
        FROM unnest(words) AS w(word)
        UNION ALL
        SELECT prefix, false, coalesce(search_walks_first.near, '{}') WHERE coalesce(prefix, '') <> ''
    ), word_stats AS (
        SELECT ((SELECT coalesce(sum(s.docs), 0) FROM search_words s
                 WHERE s.kind = stats_kind AND s.term = ANY(w.near))
             + CASE WHEN w.whole
                    THEN (SELECT coalesce(max(s.docs), 0) FROM search_words s
                          WHERE s.kind = stats_kind AND s.term = w.word)
                    WHEN length(w.word) <= 4
                    THEN (SELECT coalesce(max(s.docs), 0) FROM search_words s
                          WHERE s.kind = upper(stats_kind) AND s.term = w.word)
                    ELSE (SELECT CASE WHEN count(*) < 200 THEN coalesce(sum(s.docs), 0)
                                      ELSE (SELECT coalesce(max(p.docs), 0) FROM search_words p
                                            WHERE p.kind = upper(stats_kind) AND p.term = left(w.word, 4)) END
                          FROM (SELECT s.docs FROM search_words s
                                WHERE s.kind = stats_kind AND s.term >= w.word AND s.term < w.word || chr(1114111)
                                ORDER BY s.term LIMIT 200) s)
               END)::float8 AS postings
        FROM terms w
    ), totals AS (
        SELECT (SELECT s.docs FROM search_words s WHERE s.kind = stats_kind AND s.term = '')::float8 AS docs,
               sum(postings) AS postings, exp(sum(ln(greatest(postings, 1)))) AS product, count(*) AS n
        FROM word_stats
    ), estimate AS (
        SELECT t.docs, t.postings, t.n, least(t.product / power(t.docs, t.n), 1) * kept AS selectivity
        FROM totals t WHERE t.docs > 0
    )
    SELECT coalesce((SELECT (e.postings > gin_budget AND wanted * walk_cost < e.postings * e.selectivity)
                            OR (e.n = 1 AND e.docs * e.selectivity >= probe)
                     FROM estimate e), false)
$$;

-- The share of playlist search's documents an album search (albums) or a playlist search keeps, from the
-- statistics; 1 without them.
CREATE OR REPLACE FUNCTION search_playlist_share(albums boolean) RETURNS double precision
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT CASE WHEN albums THEN a.docs::float8 / p.docs ELSE 1 - a.docs::float8 / p.docs END
                     FROM search_words a JOIN search_words p ON p.kind = 'p' AND p.term = '' AND p.docs > 0
                     WHERE a.kind = 'a' AND a.term = ''), 1)
$$;
