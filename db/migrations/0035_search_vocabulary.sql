-- Every word search's tables have held, per field (issue 22, docs/search.md): a query's last word, a prefix,
-- is answered by the text index with the postings of every word it begins gathered into a bitmap before the
-- first row (3 ms for a prefix of one common word at 1,000,000 tracks); the same words as whole-word entries
-- cost a third of that. search_query (db/functions/search_vocabulary.sql) reads here which words a prefix
-- begins. Kept a superset of the words in the tables by their insert triggers, in the writing transaction,
-- so an expansion never misses a word a visible row holds; a word no row holds any more only costs an index
-- entry that finds nothing. Fields as search_words': 't' titles, 'g' tags, 'u' users, 'p' playlists.
-- "C" collation: a prefix's words are one contiguous key range, compared bytewise.
CREATE TABLE IF NOT EXISTS search_vocabulary (
    field "char" NOT NULL,
    word text COLLATE "C" NOT NULL,
    PRIMARY KEY (field, word)
);

-- Filled, and kept, by db/functions/search_vocabulary.sql: its triggers and its fill run in one transaction.
