-- One typo forgiven (issue 22, docs/search.md): a word of the query that no word of the field is (a whole
-- word), or begins (the last word, being typed), also matches the field's words one edit away, as upstream's
-- Elasticsearch matches fuzzily ("monoist" finds "monist"). Upstream's AUTO fuzziness allows two edits past
-- five letters and reaches through 3-4 letter grams of the whole text; here one edit, for words of 3 to 24
-- letters, and only for a word that would otherwise find nothing: a word the field has keeps its
-- exact matches alone, so a correct query's results and speed are what they were. Tag search is exact (so is
-- upstream's). The words one edit away are looked up in search_vocabulary's key (migration 0035), never
-- scanned: about 80 index probes a letter.

-- Every string one edit from `term`: a character deleted, replaced, inserted, or two neighbours swapped,
-- over the letters and digits plain words are made of.
CREATE OR REPLACE FUNCTION search_typo_variants(term text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH chars AS (
        SELECT substr('abcdefghijklmnopqrstuvwxyz0123456789', i, 1) AS c FROM generate_series(1, 36) i
    ), cuts AS (
        SELECT i, left(term, i) AS head, substr(term, i + 1) AS tail FROM generate_series(0, length(term)) i
    )
    SELECT array_agg(DISTINCT v.variant COLLATE "C" ORDER BY v.variant COLLATE "C")
    FROM (
        SELECT head || substr(tail, 2) FROM cuts WHERE tail <> ''                        -- deleted
        UNION ALL
        SELECT head || c || substr(tail, 2) FROM cuts CROSS JOIN chars WHERE tail <> ''  -- replaced
        UNION ALL
        SELECT head || c || tail FROM cuts CROSS JOIN chars                              -- inserted
        UNION ALL
        SELECT head || substr(tail, 2, 1) || left(tail, 1) || substr(tail, 3) FROM cuts  -- swapped
        WHERE length(tail) >= 2
    ) v(variant)
    WHERE v.variant <> term
$$;

-- At most `most` words of the field one edit from `term` (as_prefix: words beginning a string one edit from
-- it), the commonest first (search_words' counts), then in key order: upstream's fuzzy query expands to at
-- most 50 terms; fewer keep the query's index work bounded. Empty when the field has none (so `term`
-- matches nothing); NULL when the field has `term` itself (begins it, as_prefix), or when the rule does not
-- apply: shorter than three letters (Elasticsearch's AUTO: no edit below three) or longer than 24, not plain
-- letters and digits, or tags.
CREATE OR REPLACE FUNCTION search_typo_words(stats_kind text, term text, as_prefix boolean, most integer DEFAULT 8)
RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
DECLARE
    kind "char" := stats_kind::"char";
    near text[];
BEGIN
    -- A word past 24 letters is no word anyone misspelt, and its edits grow with its length (72 a letter):
    -- a query of one 65,000-letter word must not make 4,700,000 strings.
    IF term IS NULL OR term !~ '^[a-z0-9]{3,24}$' OR stats_kind NOT IN ('t', 'u', 'p') THEN
        RETURN NULL;
    END IF;
    IF as_prefix THEN
        -- Words beginning the term, or beginning one of its variants (each variant's first `most` words; a
        -- variant of two letters would begin thousands).
        PERFORM FROM search_vocabulary v
        WHERE v.field = kind AND v.word >= term COLLATE "C"
          AND v.word < (term || chr(1114111)) COLLATE "C"
        LIMIT 1;
        IF FOUND THEN
            RETURN NULL;
        END IF;
        SELECT array_agg(DISTINCT w.word) INTO near
        FROM unnest(search_typo_variants(term)) t(variant)
        CROSS JOIN LATERAL (
            SELECT v.word FROM search_vocabulary v
            WHERE v.field = kind AND v.word >= t.variant COLLATE "C"
              AND v.word < (t.variant || chr(1114111)) COLLATE "C"
            ORDER BY v.word
            LIMIT most
        ) w
        WHERE length(t.variant) >= 3;
    ELSE
        PERFORM FROM search_vocabulary v WHERE v.field = kind AND v.word = term COLLATE "C" LIMIT 1;
        IF FOUND THEN
            RETURN NULL;
        END IF;
        SELECT array_agg(v.word) INTO near
        FROM search_vocabulary v
        WHERE v.field = kind AND v.word = ANY(search_typo_variants(term) COLLATE "C");
    END IF;
    RETURN coalesce((
        SELECT (array_agg(f.word ORDER BY s.docs DESC NULLS LAST, f.word COLLATE "C"))[1:most]
        FROM unnest(near) f(word)
        LEFT JOIN LATERAL (
            SELECT max(s.docs) AS docs FROM search_words s WHERE s.kind = stats_kind AND s.term = f.word
        ) s ON true), '{}');
END $$;

-- The query's words as search reads them, a typo forgiven: `terms`, each of `words` (handlers/search.py
-- text_terms' whole words) as it is or, when it finds nothing and the field has words one edit away, as
-- 'word|alternative|...'; and `near`, the words one edit from the prefix (search_typo_words). Both the tsquery
-- (search_fuzzy) and the path choice's statistics (search_walks_first) read them. A whole word that finds
-- nothing, typo or not, means the query finds nothing (every word must match): the words after it are not
-- looked up (eight words of 24 random letters cost 8 ms before).
DROP FUNCTION IF EXISTS search_typos(text, text[], text);
CREATE FUNCTION search_typos(stats_kind text, words text[], prefix text, OUT terms text[], OUT near text[])
LANGUAGE plpgsql STABLE AS $$
DECLARE
    word text;
    alternatives text[];
    hopeless boolean := false;
BEGIN
    terms := '{}';
    FOREACH word IN ARRAY coalesce(words, '{}') LOOP
        alternatives := CASE WHEN NOT hopeless THEN search_typo_words(stats_kind, word, false) END;
        hopeless := hopeless OR coalesce(alternatives = '{}', false);
        terms := terms || array_to_string(word || coalesce(alternatives, '{}'), '|');
    END LOOP;
    near := CASE WHEN NOT hopeless THEN coalesce(search_typo_words(stats_kind, prefix, true), '{}') ELSE '{}' END;
END $$;

-- `query` (handlers/search.py text_terms: its whole words, then `prefix`:*) with each word search_typos gave
-- alternatives ORed with them. NULL stays NULL (no text).
DROP FUNCTION IF EXISTS search_fuzzy(text, tsquery, text[], text);
CREATE OR REPLACE FUNCTION search_fuzzy(query tsquery, words text[], prefix text, near text[])
RETURNS tsquery
LANGUAGE plpgsql STABLE AS $$
DECLARE
    fuzzy tsquery := query;
    word text;
BEGIN
    -- ts_rewrite matches a lexeme whatever its prefix flag: the node is the word's own, whole or typed.
    FOREACH word IN ARRAY coalesce(words, '{}') LOOP
        IF strpos(word, '|') > 0 THEN
            fuzzy := ts_rewrite(fuzzy, to_tsquery('simple', split_part(word, '|', 1)),
                                to_tsquery('simple', replace(word, '|', ' | ')));
        END IF;
    END LOOP;
    IF cardinality(near) > 0 THEN
        fuzzy := ts_rewrite(fuzzy, to_tsquery('simple', prefix),
                            to_tsquery('simple', prefix || ':* | ' || array_to_string(near, ' | ')));
    END IF;
    RETURN fuzzy;
END $$;

-- Each search query's text, read once (db/queries/search_*.sql text_query): the tsquery (handlers/search.py
-- text_terms' `tsquery`, NULL for no text) with the typo rule's alternatives, and those alternatives for the
-- path choice (search_typos).
CREATE OR REPLACE FUNCTION search_text_query(stats_kind text, tsquery text, words text[], prefix text,
                                             OUT q tsquery, OUT terms text[], OUT near text[])
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN tsquery <> '' THEN search_fuzzy(to_tsquery('simple', tsquery), t.terms, prefix, t.near) END,
           t.terms, t.near
    FROM search_typos(stats_kind, words, prefix) t
$$;
