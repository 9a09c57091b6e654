-- save_count (favorite_count on the wire) of the saved track, and track_save_count of the saving user.
CREATE OR REPLACE FUNCTION handle_save() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($q$
        WITH changes AS (%s),
        live AS (SELECT * FROM changes WHERE is_current AND NOT is_delete AND save_type = 'track'),
        per_track AS (
            INSERT INTO aggregate_track AS a (track_id, save_count)
            SELECT save_item_id, sum(sign) FROM live
            GROUP BY save_item_id HAVING sum(sign) <> 0 ORDER BY save_item_id
            ON CONFLICT (track_id) DO UPDATE SET save_count = a.save_count + EXCLUDED.save_count
        )
        INSERT INTO aggregate_user AS a (user_id, track_save_count)
        SELECT user_id, sum(sign) FROM live
        GROUP BY user_id HAVING sum(sign) <> 0 ORDER BY user_id
        ON CONFLICT (user_id) DO UPDATE SET track_save_count = a.track_save_count + EXCLUDED.track_save_count
    $q$, transition_changes(TG_OP));
    RETURN NULL;
END $$;

SELECT attach_statement_triggers('saves', 'handle_save', ARRAY['INSERT', 'UPDATE', 'DELETE']);
