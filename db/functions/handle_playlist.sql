-- playlist_count and album_count of the owner: current, not deleted, public collections.
CREATE OR REPLACE FUNCTION handle_playlist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($q$
        WITH changes AS (%s),
        per_owner AS (
            SELECT playlist_owner_id AS user_id,
                   coalesce(sum(sign) FILTER (WHERE NOT is_album), 0) AS playlists,
                   coalesce(sum(sign) FILTER (WHERE is_album), 0) AS albums
            FROM changes
            WHERE is_current AND NOT is_delete AND NOT is_private
            GROUP BY playlist_owner_id
        )
        INSERT INTO aggregate_user AS a (user_id, playlist_count, album_count)
        SELECT user_id, playlists, albums FROM per_owner
        WHERE playlists <> 0 OR albums <> 0 ORDER BY user_id
        ON CONFLICT (user_id) DO UPDATE
        SET playlist_count = a.playlist_count + EXCLUDED.playlist_count,
            album_count = a.album_count + EXCLUDED.album_count
    $q$, transition_changes(TG_OP));
    RETURN NULL;
END $$;

SELECT attach_statement_triggers('playlists', 'handle_playlist', ARRAY['INSERT', 'UPDATE', 'DELETE']);
