-- Tracks: every track gets its aggregate_track row (reads INNER JOIN it, as upstream), and the owner's
-- track_count (public) and total_track_count (unlisted too) follow upstream's filter: current, not
-- deleted, available, not a stem.
CREATE OR REPLACE FUNCTION handle_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO aggregate_track (track_id)
        SELECT DISTINCT track_id FROM new_rows ORDER BY 1
        ON CONFLICT (track_id) DO NOTHING;
    END IF;
    EXECUTE format($q$
        WITH changes AS (%s),
        counted AS (
            SELECT owner_id,
                   sum(sign) FILTER (WHERE NOT is_unlisted) AS public_n,
                   sum(sign) AS total_n
            FROM changes
            WHERE is_current AND NOT is_delete AND is_available AND stem_of IS NULL
            GROUP BY owner_id
        )
        INSERT INTO aggregate_user AS a (user_id, track_count, total_track_count)
        SELECT owner_id, coalesce(public_n, 0), total_n FROM counted
        WHERE coalesce(public_n, 0) <> 0 OR total_n <> 0
        ORDER BY owner_id
        ON CONFLICT (user_id) DO UPDATE
        SET track_count = a.track_count + EXCLUDED.track_count,
            total_track_count = a.total_track_count + EXCLUDED.total_track_count
    $q$, transition_changes(TG_OP));
    RETURN NULL;
END $$;

SELECT attach_statement_triggers('tracks', 'handle_track', ARRAY['INSERT', 'UPDATE', 'DELETE']);
