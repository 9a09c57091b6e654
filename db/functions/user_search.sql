-- user_search (migration 0033) kept equal to user_search_source by the triggers below
-- (db/functions/handle_search.sql): every write to users refreshes the rows of the users it touched.

-- The users search may find, as upstream's index holds them: current, not deactivated, available.
CREATE OR REPLACE VIEW user_search_source AS
SELECT u.user_id, u.created_at, u.name::text AS name, u.handle::text AS handle,
       search_user_words(u.name, u.handle) AS words, u.is_verified
FROM users u
WHERE u.is_current AND NOT u.is_deactivated AND u.is_available;

-- A write to users also moves their tracks and playlists in or out of search (refresh_owned_search).
CREATE OR REPLACE FUNCTION handle_owner_search() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    owners integer[];
BEGIN
    EXECUTE format('SELECT ARRAY(SELECT DISTINCT user_id FROM %I)',
                   CASE WHEN TG_OP = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END) INTO owners;
    PERFORM refresh_owned_search('track_search', 'track_id', 'tracks', 'owner_id', owners);
    PERFORM refresh_owned_search('playlist_search', 'playlist_id', 'playlists', 'playlist_owner_id', owners);
    RETURN NULL;
END $$;

SELECT attach_statement_triggers('users', 'handle_search_rows', ARRAY['INSERT', 'UPDATE', 'DELETE'],
                                 ARRAY['user_search', 'user_id']);
SELECT attach_statement_triggers('users', 'handle_owner_search', ARRAY['INSERT', 'UPDATE', 'DELETE']);
CREATE OR REPLACE TRIGGER handle_search_truncate AFTER TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION handle_search_truncate('user_search', 'track_search', 'playlist_search');

SELECT rebuild_search_table('user_search');
