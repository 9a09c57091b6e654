-- comment_mention notifications (the Go API's handle_comment_mention trigger, which ports the apps
-- indexer's mention block): to a user a live comment mentions, once per (comment, user), at the comment's
-- time and block. It fires on the mention row's INSERT only: an Update that names a mention again revives
-- the row with an UPDATE and notifies nobody twice. Skipped: a self-mention, a mentioned user who has muted
-- the commenter, a comment on anything but a track (the only comments stored here), and a mention of the
-- track's owner who muted the track's comment notifications (comment_notification_settings).
CREATE OR REPLACE FUNCTION handle_comment_mention() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c record;
    owner_id integer;
BEGIN
    IF NEW.is_delete THEN
        RETURN NULL;
    END IF;
    SELECT user_id, entity_type, entity_id, blocknumber, created_at INTO c
    FROM comments
    WHERE comment_id = NEW.comment_id AND NOT coalesce(is_delete, false) AND coalesce(is_visible, true);
    IF NOT FOUND OR c.entity_type <> 'Track' OR NEW.user_id = c.user_id THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM muted_users m
               WHERE m.user_id = NEW.user_id AND m.muted_user_id = c.user_id AND NOT m.is_delete) THEN
        RETURN NULL;
    END IF;
    SELECT t.owner_id INTO owner_id FROM tracks t WHERE t.track_id = c.entity_id AND t.is_current;
    IF NEW.user_id = owner_id THEN
        -- The owner is told of this comment as a mention, not as a comment on their track (the apps
        -- indexer's rule; handle_comment_notifications.sql wrote that one before the mentions came).
        DELETE FROM notification
        WHERE group_id = 'comment:' || c.entity_id || ':type:' || c.entity_type AND specifier = c.user_id::text
          AND (data->>'comment_id')::int = NEW.comment_id;
    END IF;
    IF NEW.user_id = owner_id AND EXISTS (
            SELECT 1 FROM comment_notification_settings s
            WHERE s.user_id = owner_id AND s.entity_type = 'Track' AND s.entity_id = c.entity_id AND s.is_muted) THEN
        RETURN NULL;
    END IF;

    INSERT INTO notification (user_ids, type, specifier, group_id, blocknumber, "timestamp", data)
    VALUES (ARRAY[NEW.user_id], 'comment_mention', NEW.user_id::text, 'comment_mention:' || NEW.comment_id,
            c.blocknumber, c.created_at,
            jsonb_build_object('type', c.entity_type, 'entity_id', c.entity_id, 'entity_user_id', owner_id,
                               'comment_user_id', c.user_id, 'comment_id', NEW.comment_id))
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER trigger_comment_mention
AFTER INSERT ON comment_mentions
FOR EACH ROW EXECUTE FUNCTION handle_comment_mention();
