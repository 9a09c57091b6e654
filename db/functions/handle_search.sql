-- The triggers that keep search's own tables (track_search, user_search: migrations 0032, 0033) equal to their
-- views. One function for every table: TG_ARGV names the refresh function and the id column it is fed, the
-- distinct ids of the rows the statement touched (db/functions/track_search.sql, user_search.sql).
CREATE OR REPLACE FUNCTION handle_search_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SELECT %I(ARRAY(SELECT DISTINCT %I FROM %I))', TG_ARGV[0], TG_ARGV[1],
                   CASE WHEN TG_OP = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END);
    RETURN NULL;
END $$;

-- TRUNCATE fires no DELETE trigger: emptying a table the search tables are made from empties them (TG_ARGV).
CREATE OR REPLACE FUNCTION handle_search_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'TRUNCATE ' || (SELECT string_agg(quote_ident(t), ', ') FROM unnest(TG_ARGV) t);
    RETURN NULL;
END $$;
