-- Manager notifications from grants (upstream handle_manager_request.sql):
--   request_manager          to the grantee user, when a pending grant appears or a revoked one is renewed;
--   approve_manager_request  to the grantor, when a grant becomes approved.
-- Unlike upstream, an in-place update from pending (NULL) to approved fires too: upstream's
-- "OLD.is_approved != TRUE" is NULL for a pending grant, which only worked because it versioned rows.
-- Grants change rarely, so this is a plain row trigger. A duplicate is ignored (uq_notification).
CREATE OR REPLACE FUNCTION handle_grant() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    grantee_user_id integer;
    payload jsonb;
BEGIN
    SELECT u.user_id INTO grantee_user_id
    FROM users u
    WHERE lower(u.wallet) = lower(NEW.grantee_address) AND u.is_current
    ORDER BY u.user_id
    LIMIT 1;
    IF grantee_user_id IS NULL THEN
        RETURN NULL;
    END IF;
    payload := jsonb_build_object(
        'grantee_user_id', grantee_user_id,
        'grantee_address', NEW.grantee_address,
        'user_id', NEW.user_id);

    IF NOT NEW.is_revoked AND NEW.is_approved IS NULL AND (
           (TG_OP = 'INSERT' AND NEW.created_at = NEW.updated_at)
        OR (TG_OP = 'UPDATE' AND OLD.is_revoked AND NOT NEW.is_revoked)) THEN
        INSERT INTO notification (user_ids, type, specifier, group_id, blocknumber, "timestamp", data)
        VALUES (ARRAY[grantee_user_id], 'request_manager', NEW.user_id::text,
                'request_manager:grantee_user_id:' || grantee_user_id
                    || ':grantee_address:' || NEW.grantee_address
                    || ':user_id:' || NEW.user_id
                    || ':updated_at:' || NEW.updated_at
                    || ':created_at:' || NEW.created_at,
                NEW.blocknumber, NEW.updated_at, payload)
        ON CONFLICT DO NOTHING;
    ELSIF NEW.is_approved AND NOT NEW.is_revoked AND (
           TG_OP = 'INSERT'
        OR OLD.is_approved IS DISTINCT FROM TRUE) THEN
        INSERT INTO notification (user_ids, type, specifier, group_id, blocknumber, "timestamp", data)
        VALUES (ARRAY[NEW.user_id], 'approve_manager_request', grantee_user_id::text,
                'approve_manager_request:grantee_user_id:' || grantee_user_id
                    || ':grantee_address:' || NEW.grantee_address
                    || ':user_id:' || NEW.user_id
                    || ':created_at:' || NEW.created_at,
                NEW.blocknumber, NEW.updated_at, payload)
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER trigger_grant_change
AFTER INSERT OR UPDATE ON grants
FOR EACH ROW EXECUTE FUNCTION handle_grant();
