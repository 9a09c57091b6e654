-- comment_count of the commented track: comments that are not deleted.
CREATE OR REPLACE FUNCTION handle_comment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($q$
        WITH changes AS (%s)
        INSERT INTO aggregate_track AS a (track_id, comment_count)
        SELECT entity_id, sum(sign) FROM changes
        WHERE entity_type = 'Track' AND NOT coalesce(is_delete, false)
        GROUP BY entity_id HAVING sum(sign) <> 0 ORDER BY entity_id
        ON CONFLICT (track_id) DO UPDATE SET comment_count = coalesce(a.comment_count, 0) + EXCLUDED.comment_count
    $q$, transition_changes(TG_OP));
    RETURN NULL;
END $$;

SELECT attach_statement_triggers('comments', 'handle_comment', ARRAY['INSERT', 'UPDATE', 'DELETE']);
