-- user_search (migration 0033) kept equal to user_search_source: every write to users refreshes the rows of
-- the users it touched.

-- The users search may find, as upstream's index holds them: current, not deactivated, available.
CREATE OR REPLACE VIEW user_search_source AS
SELECT u.user_id, u.created_at, u.name::text AS name, u.handle::text AS handle,
       search_user_words(u.name, u.handle) AS words, u.is_verified
FROM users u
WHERE u.is_current AND NOT u.is_deactivated AND u.is_available;

-- The rows of these users made equal to the source: gone when no longer findable, written when new or
-- changed, untouched otherwise (an edit of a bio rewrites nothing here).
CREATE OR REPLACE FUNCTION refresh_user_search(ids integer[]) RETURNS void
LANGUAGE sql AS $$
    DELETE FROM user_search d
    WHERE d.user_id = ANY(ids) AND NOT EXISTS (SELECT FROM user_search_source s WHERE s.user_id = d.user_id);

    INSERT INTO user_search AS d
    SELECT s.* FROM user_search_source s WHERE s.user_id = ANY(ids)
    ORDER BY s.user_id
    ON CONFLICT (user_id) DO UPDATE
    SET created_at = EXCLUDED.created_at, name = EXCLUDED.name, handle = EXCLUDED.handle, words = EXCLUDED.words,
        is_verified = EXCLUDED.is_verified
    WHERE (d.*) IS DISTINCT FROM (EXCLUDED.*);
$$;

-- After a bulk load with triggers off (bench/sql/search_seed.sql), and whenever this file changes.
CREATE OR REPLACE FUNCTION rebuild_user_search() RETURNS void
LANGUAGE sql AS $$
    TRUNCATE user_search;
    INSERT INTO user_search SELECT s.* FROM user_search_source s ORDER BY s.user_id;
$$;

CREATE OR REPLACE FUNCTION handle_user_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM refresh_user_search(ARRAY(SELECT DISTINCT user_id FROM old_rows));
    ELSE
        PERFORM refresh_user_search(ARRAY(SELECT DISTINCT user_id FROM new_rows));
    END IF;
    RETURN NULL;
END $$;

SELECT attach_statement_triggers('users', 'handle_user_search', ARRAY['INSERT', 'UPDATE', 'DELETE']);

-- TRUNCATE fires no DELETE trigger: emptying users empties this table too.
CREATE OR REPLACE FUNCTION handle_user_search_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE user_search;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER handle_user_search_truncate AFTER TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION handle_user_search_truncate();

SELECT rebuild_user_search();
