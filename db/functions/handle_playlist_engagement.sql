-- repost_count and save_count of reposted and saved playlists and albums (aggregate_playlist), as the
-- track counts are kept by handle_repost and handle_save. Upstream counts every repost or save whose type
-- is not 'track' (playlist and album alike) for the playlist id.
CREATE OR REPLACE FUNCTION handle_playlist_engagement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'reposts' THEN
        EXECUTE format($q$
            WITH changes AS (%s)
            INSERT INTO aggregate_playlist AS a (playlist_id, repost_count)
            SELECT repost_item_id, sum(sign) FROM changes
            WHERE is_current AND NOT is_delete AND repost_type <> 'track'
            GROUP BY repost_item_id HAVING sum(sign) <> 0 ORDER BY repost_item_id
            ON CONFLICT (playlist_id) DO UPDATE SET repost_count = a.repost_count + EXCLUDED.repost_count
        $q$, transition_changes(TG_OP));
    ELSE
        EXECUTE format($q$
            WITH changes AS (%s)
            INSERT INTO aggregate_playlist AS a (playlist_id, save_count)
            SELECT save_item_id, sum(sign) FROM changes
            WHERE is_current AND NOT is_delete AND save_type <> 'track'
            GROUP BY save_item_id HAVING sum(sign) <> 0 ORDER BY save_item_id
            ON CONFLICT (playlist_id) DO UPDATE SET save_count = a.save_count + EXCLUDED.save_count
        $q$, transition_changes(TG_OP));
    END IF;
    RETURN NULL;
END $$;

SELECT attach_statement_triggers('reposts', 'handle_playlist_engagement', ARRAY['INSERT', 'UPDATE', 'DELETE']);
SELECT attach_statement_triggers('saves', 'handle_playlist_engagement', ARRAY['INSERT', 'UPDATE', 'DELETE']);
