-- search_vocabulary (migration 0035) kept a superset of the words of search's tables: each insert statement
-- into track_search, user_search or playlist_search adds its rows' new words, in its own transaction
-- (rows change there by delete and insert, and by an update of an owner's words: db/functions/handle_search.sql,
-- refresh_owned_search). TG_ARGV: pairs of (field,
-- tsvector column). Words in key order, so two writers adding the same words lock them in the same order.
CREATE OR REPLACE FUNCTION handle_search_vocabulary() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    FOR i IN 0 .. TG_NARGS / 2 - 1 LOOP
        EXECUTE format('INSERT INTO search_vocabulary (field, word)
                        SELECT DISTINCT %L::"char", w.lexeme COLLATE "C" FROM new_rows n CROSS JOIN unnest(n.%I) w
                        ORDER BY 2
                        ON CONFLICT DO NOTHING', TG_ARGV[2 * i], TG_ARGV[2 * i + 1]);
    END LOOP;
    RETURN NULL;
END $$;

-- The triggers, then every word the tables hold now, in this file's one transaction, the tables' writers held
-- off till it commits (SHARE: the fill sees every committed row, and any row written after fires a trigger):
-- no word is missed between the fill and the triggers. A few seconds at 1,000,000 tracks, when this file
-- changes.
LOCK TABLE track_search, user_search, playlist_search IN SHARE MODE;

-- A track's field 't' is its title and its artist (migration 0036), a playlist's 'p' its name and its owner.
SELECT attach_statement_triggers('track_search', 'handle_search_vocabulary', ARRAY['INSERT', 'UPDATE'],
                                 ARRAY['t', 'title_words', 't', 'artist_words', 'g', 'tag_words']);
SELECT attach_statement_triggers('user_search', 'handle_search_vocabulary', ARRAY['INSERT'], ARRAY['u', 'words']);
SELECT attach_statement_triggers('playlist_search', 'handle_search_vocabulary', ARRAY['INSERT', 'UPDATE'],
                                 ARRAY['p', 'words', 'p', 'artist_words']);

INSERT INTO search_vocabulary (field, word)
SELECT 't', word FROM ts_stat('SELECT title_words || artist_words FROM track_search')
UNION ALL
SELECT 'g', word FROM ts_stat('SELECT tag_words FROM track_search')
UNION ALL
SELECT 'u', word FROM ts_stat('SELECT words FROM user_search')
UNION ALL
SELECT 'p', word FROM ts_stat('SELECT words || artist_words FROM playlist_search')
ON CONFLICT DO NOTHING;

-- The text query a probe reads the text index with: `query` (the parsed tsquery: handlers/search.py
-- text_terms' whole words, then `prefix`:*; search_fuzzy's), its prefix replaced by the words of the field it begins when
-- they are at most four. The same matches (the vocabulary holds every word a row holds), found cheaper: the
-- text index reads whole words' postings as entries it can skip through, but gathers a prefix's into a bitmap
-- first (at 1,000,000 tracks, "lucid & mirror:*" 3.7 ms, "lucid & mirror" 1.2 ms). Past four words the
-- alternatives cost more than the bitmap. Only a plain ASCII prefix is replaced: its one lexeme is itself, so
-- the range below is exactly the words it begins; any other stays the parser's. NULL for no text.
-- Its signature's older forms took the query's text and parsed it again, then the whole words too.
DROP FUNCTION IF EXISTS search_query(text, text, text[], text);
DROP FUNCTION IF EXISTS search_query(text, tsquery, text[], text);
CREATE OR REPLACE FUNCTION search_query(stats_kind text, query tsquery, prefix text)
RETURNS tsquery
LANGUAGE sql STABLE AS $$
    WITH begun AS (
        SELECT v.word FROM search_vocabulary v
        WHERE prefix ~ '^[a-z0-9]+$' AND v.field = stats_kind::"char"
          AND v.word >= prefix COLLATE "C"
          AND v.word < (left(prefix, -1) || chr(ascii(right(prefix, 1)) + 1)) COLLATE "C"
        ORDER BY v.word
        LIMIT 5
    ), alternatives AS (
        SELECT count(*) AS n,
               string_agg('''' || replace(replace(b.word, '\', '\\'), '''', '''''') || '''', ' | ')::tsquery AS q
        FROM begun b
    )
    -- In place, so the whole words keep what search_fuzzy added to them.
    SELECT CASE WHEN query IS NULL OR NOT a.n BETWEEN 1 AND 4 THEN query
                ELSE ts_rewrite(query, to_tsquery('simple', prefix), a.q) END
    FROM alternatives a
$$;
