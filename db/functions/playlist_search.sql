-- playlist_search (migration 0034) kept equal to playlist_search_source by the triggers below and the users'
-- ones (db/functions/handle_search.sql, user_search.sql): every write to playlists refreshes the rows of the
-- playlists it touched, every write to users the rows of their playlists.

-- The playlists and albums search may find: current, not deleted, not private, of a current, active,
-- available owner. Found by its name's words (A) and its owner's name and handle (D, migration 0036).
CREATE OR REPLACE VIEW playlist_search_source AS
SELECT p.playlist_id, p.playlist_owner_id AS owner_id, p.is_album, p.created_at, p.playlist_name::text,
       setweight(to_tsvector('simple', coalesce(p.playlist_name, '')), 'A') AS words, u.is_verified AS owner_verified,
       search_artist_words(u.name, u.handle) AS artist_words
FROM playlists p
JOIN users u ON u.user_id = p.playlist_owner_id AND u.is_current AND NOT u.is_deactivated AND u.is_available
WHERE p.is_current AND NOT p.is_delete AND NOT p.is_private;

SELECT attach_statement_triggers('playlists', 'handle_search_rows', ARRAY['INSERT', 'UPDATE', 'DELETE'],
                                 ARRAY['playlist_search', 'playlist_id']);
CREATE OR REPLACE TRIGGER handle_search_truncate AFTER TRUNCATE ON playlists
    FOR EACH STATEMENT EXECUTE FUNCTION handle_search_truncate('playlist_search');

SELECT rebuild_search_table('playlist_search');
