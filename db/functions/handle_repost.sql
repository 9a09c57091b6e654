-- repost_count of the reposted track, and repost_count of the reposting user (all item types).
CREATE OR REPLACE FUNCTION handle_repost() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($q$
        WITH changes AS (%s),
        live AS (SELECT * FROM changes WHERE is_current AND NOT is_delete),
        per_track AS (
            INSERT INTO aggregate_track AS a (track_id, repost_count)
            SELECT repost_item_id, sum(sign) FROM live WHERE repost_type = 'track'
            GROUP BY repost_item_id HAVING sum(sign) <> 0 ORDER BY repost_item_id
            ON CONFLICT (track_id) DO UPDATE SET repost_count = a.repost_count + EXCLUDED.repost_count
        )
        INSERT INTO aggregate_user AS a (user_id, repost_count)
        SELECT user_id, sum(sign) FROM live
        GROUP BY user_id HAVING sum(sign) <> 0 ORDER BY user_id
        ON CONFLICT (user_id) DO UPDATE SET repost_count = a.repost_count + EXCLUDED.repost_count
    $q$, transition_changes(TG_OP));
    RETURN NULL;
END $$;

SELECT attach_statement_triggers('reposts', 'handle_repost', ARRAY['INSERT', 'UPDATE', 'DELETE']);
