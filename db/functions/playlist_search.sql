-- playlist_search (migration 0034) kept equal to playlist_search_source by the triggers below
-- (db/functions/handle_search.sql): every write to playlists refreshes the rows of the playlists it touched,
-- every write to users (refresh_user_search, db/functions/user_search.sql) the rows of their playlists.

-- The playlists and albums search may find: current, not deleted, not private, of a current, active,
-- available owner.
CREATE OR REPLACE VIEW playlist_search_source AS
SELECT p.playlist_id, p.playlist_owner_id AS owner_id, p.is_album, p.created_at, p.playlist_name::text,
       to_tsvector('simple', coalesce(p.playlist_name, '')) AS words, u.is_verified AS owner_verified
FROM playlists p
JOIN users u ON u.user_id = p.playlist_owner_id AND u.is_current AND NOT u.is_deactivated AND u.is_available
WHERE p.is_current AND NOT p.is_delete AND NOT p.is_private;

CREATE OR REPLACE FUNCTION refresh_playlist_search(ids integer[]) RETURNS void
LANGUAGE sql AS $$
    DELETE FROM playlist_search d
    WHERE d.playlist_id = ANY(ids)
      AND NOT EXISTS (SELECT FROM playlist_search_source s WHERE s.playlist_id = d.playlist_id);

    INSERT INTO playlist_search AS d
    SELECT s.* FROM playlist_search_source s WHERE s.playlist_id = ANY(ids)
    ORDER BY s.playlist_id
    ON CONFLICT (playlist_id) DO UPDATE
    SET owner_id = EXCLUDED.owner_id, is_album = EXCLUDED.is_album, created_at = EXCLUDED.created_at,
        playlist_name = EXCLUDED.playlist_name, words = EXCLUDED.words, owner_verified = EXCLUDED.owner_verified
    WHERE (d.*) IS DISTINCT FROM (EXCLUDED.*);
$$;

-- The rows of these owners' playlists after a write to their users rows, by refresh_owner_track_search's rule
-- (db/functions/track_search.sql): gone for an owner no longer active, the verification copied, written for
-- an active owner with none yet.
CREATE OR REPLACE FUNCTION refresh_owner_playlist_search(owners integer[]) RETURNS void
LANGUAGE sql AS $$
    DELETE FROM playlist_search d
    WHERE d.owner_id = ANY(owners)
      AND NOT EXISTS (SELECT FROM users u WHERE u.user_id = d.owner_id AND u.is_current AND NOT u.is_deactivated
                      AND u.is_available);

    UPDATE playlist_search d SET owner_verified = u.is_verified
    FROM users u
    WHERE d.owner_id = ANY(owners) AND u.user_id = d.owner_id AND u.is_current
      AND d.owner_verified IS DISTINCT FROM u.is_verified;

    SELECT refresh_playlist_search(ARRAY(
        SELECT p.playlist_id FROM unnest(owners) AS o(owner_id)
        JOIN playlists p ON p.playlist_owner_id = o.owner_id AND p.is_current
        WHERE NOT EXISTS (SELECT FROM playlist_search d WHERE d.owner_id = o.owner_id)));
$$;

-- After a bulk load with triggers off (bench/sql/search_seed.sql), and whenever this file changes.
CREATE OR REPLACE FUNCTION rebuild_playlist_search() RETURNS void
LANGUAGE sql AS $$
    TRUNCATE playlist_search;
    INSERT INTO playlist_search SELECT s.* FROM playlist_search_source s ORDER BY s.playlist_id;
$$;

SELECT attach_statement_triggers('playlists', 'handle_search_rows', ARRAY['INSERT', 'UPDATE', 'DELETE'],
                                 ARRAY['refresh_playlist_search', 'playlist_id']);
CREATE OR REPLACE TRIGGER handle_search_truncate AFTER TRUNCATE ON playlists
    FOR EACH STATEMENT EXECUTE FUNCTION handle_search_truncate('playlist_search');

SELECT rebuild_playlist_search();
