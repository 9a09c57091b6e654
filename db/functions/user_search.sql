-- user_search (migration 0033) kept equal to user_search_source by the triggers below
-- (db/functions/handle_search.sql): every write to users refreshes the rows of the users it touched.

-- The users search may find, as upstream's index holds them: current, not deactivated, available.
CREATE OR REPLACE VIEW user_search_source AS
SELECT u.user_id, u.created_at, u.name::text AS name, u.handle::text AS handle,
       search_user_words(u.name, u.handle) AS words, u.is_verified
FROM users u
WHERE u.is_current AND NOT u.is_deactivated AND u.is_available;

-- The rows of these users made equal to the source: gone when no longer findable, written when new or
-- changed, untouched otherwise (an edit of a bio rewrites nothing here); then their tracks' and playlists'
-- rows (refresh_owner_track_search, refresh_owner_playlist_search), which follow the owner's standing.
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

    SELECT refresh_owner_track_search(ids);

    SELECT refresh_owner_playlist_search(ids);
$$;

-- After a bulk load with triggers off (bench/sql/search_seed.sql), and whenever this file changes.
CREATE OR REPLACE FUNCTION rebuild_user_search() RETURNS void
LANGUAGE sql AS $$
    TRUNCATE user_search;
    INSERT INTO user_search SELECT s.* FROM user_search_source s ORDER BY s.user_id;
$$;

SELECT attach_statement_triggers('users', 'handle_search_rows', ARRAY['INSERT', 'UPDATE', 'DELETE'],
                                 ARRAY['refresh_user_search', 'user_id']);
CREATE OR REPLACE TRIGGER handle_search_truncate AFTER TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION handle_search_truncate('user_search', 'track_search', 'playlist_search');

SELECT rebuild_user_search();
