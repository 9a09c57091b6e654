-- Collaborator notifications (upstream handle_track_collaborator.sql):
--   track_collaborator_invite  to the collaborator, when an invite is created pending or goes back to pending;
--   track_collaborator_accept  to the inviter, when the invite becomes accepted.
-- A rejection notifies nobody. The group_id has no timestamp, so a repeated invite collides on
-- uq_notification and is ignored, never an error. Invites change rarely: a plain row trigger.
CREATE OR REPLACE FUNCTION handle_track_collaborator() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind text;
    recipient integer;
    specifier integer;
BEGIN
    IF NEW.status = 'pending' AND (
           (TG_OP = 'INSERT' AND NEW.created_at = NEW.updated_at)
        OR (TG_OP = 'UPDATE' AND OLD.status IS DISTINCT FROM 'pending')) THEN
        kind := 'track_collaborator_invite';
        recipient := NEW.collaborator_user_id;
        specifier := NEW.invited_by;
    ELSIF NEW.status = 'accepted' AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'accepted') THEN
        kind := 'track_collaborator_accept';
        recipient := NEW.invited_by;
        specifier := NEW.collaborator_user_id;
    ELSE
        RETURN NULL;
    END IF;

    INSERT INTO notification (user_ids, type, specifier, group_id, blocknumber, "timestamp", data)
    VALUES (ARRAY[recipient], kind, specifier::text,
            kind || ':track_id:' || NEW.track_id
                 || ':collaborator_user_id:' || NEW.collaborator_user_id
                 || ':inviter_user_id:' || NEW.invited_by,
            NEW.blocknumber, NEW.updated_at,
            -- The column is invited_by; upstream's payload key is inviter_user_id.
            jsonb_build_object('track_id', NEW.track_id,
                               'collaborator_user_id', NEW.collaborator_user_id,
                               'inviter_user_id', NEW.invited_by))
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER trigger_track_collaborator_change
AFTER INSERT OR UPDATE ON track_collaborators
FOR EACH ROW EXECUTE FUNCTION handle_track_collaborator();
