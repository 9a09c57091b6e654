-- The comment, comment_thread and comment_reaction notifications: the thread's and the reaction's as the
-- newer Go ETL's triggers write them (its handle_comment_thread and handle_comment_reaction, which port the
-- apps indexer's blocks), the comment one as the apps indexer's create_comment block. Triggers, so that the
-- demo seed's direct writes notify as the indexer's do. Comments here are on tracks only.

-- comment: to the track's owner, when someone else comments at the top level of their track, at the
-- comment's time and block; once per (track, commenter), as upstream's group and specifier make it. Skipped:
-- a reply (the thread notification covers it; its thread row comes in the same statement), an owner who
-- muted the track's comment notifications or the commenter. A comment that mentions the owner notifies them
-- as a mention instead: the mention trigger (handle_comment_mention.sql) takes this one back, as the
-- mentions are written after the comment.
CREATE OR REPLACE FUNCTION handle_comment_notification() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO notification (user_ids, type, specifier, group_id, blocknumber, "timestamp", data)
    SELECT ARRAY[t.owner_id], 'comment', c.user_id::text, 'comment:' || c.entity_id || ':type:' || c.entity_type,
           c.blocknumber, c.created_at,
           jsonb_build_object('type', c.entity_type, 'entity_id', c.entity_id, 'comment_user_id', c.user_id,
                              'comment_id', c.comment_id)
    FROM new_rows c
    JOIN tracks t ON t.track_id = c.entity_id AND t.is_current
    WHERE c.entity_type = 'Track' AND c.is_delete IS NOT TRUE AND c.is_visible IS NOT FALSE
      AND t.owner_id <> c.user_id
      AND NOT EXISTS (SELECT 1 FROM comment_threads th WHERE th.comment_id = c.comment_id)
      AND NOT EXISTS (SELECT 1 FROM comment_notification_settings s
                      WHERE s.user_id = t.owner_id AND s.entity_type = 'Track' AND s.entity_id = c.entity_id
                        AND s.is_muted)
      AND NOT EXISTS (SELECT 1 FROM muted_users m
                      WHERE m.user_id = t.owner_id AND m.muted_user_id = c.user_id AND NOT m.is_delete)
    ORDER BY c.comment_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

SELECT attach_statement_triggers('comments', 'handle_comment_notification', ARRAY['INSERT']);

-- comment_thread: to the author of the comment replied to, once per reply, at the reply's time and block.
-- Skipped: a reply to oneself, a deleted or hidden reply, a parent author who muted the thread's
-- notifications (their Comment setting) or muted the replier.
CREATE OR REPLACE FUNCTION handle_comment_thread_notification() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    reply record;
    parent record;
    owner_id integer;
BEGIN
    SELECT user_id, blocknumber, created_at INTO reply FROM comments
    WHERE comment_id = NEW.comment_id AND is_delete IS NOT TRUE AND is_visible IS NOT FALSE;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    SELECT user_id, entity_type, entity_id INTO parent FROM comments WHERE comment_id = NEW.parent_comment_id;
    IF NOT FOUND OR parent.user_id = reply.user_id THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM comment_notification_settings s
               WHERE s.user_id = parent.user_id AND s.entity_type = 'Comment'
                 AND s.entity_id = NEW.parent_comment_id AND s.is_muted)
       OR EXISTS (SELECT 1 FROM muted_users m
                  WHERE m.user_id = parent.user_id AND m.muted_user_id = reply.user_id AND NOT m.is_delete) THEN
        RETURN NULL;
    END IF;
    SELECT t.owner_id INTO owner_id FROM tracks t
    WHERE parent.entity_type = 'Track' AND t.track_id = parent.entity_id AND t.is_current;

    INSERT INTO notification (user_ids, type, specifier, group_id, blocknumber, "timestamp", data)
    VALUES (ARRAY[parent.user_id], 'comment_thread', NEW.comment_id::text,
            'comment_thread:' || NEW.parent_comment_id, reply.blocknumber, reply.created_at,
            jsonb_build_object('type', parent.entity_type, 'entity_id', parent.entity_id, 'entity_user_id', owner_id,
                               'comment_user_id', reply.user_id, 'comment_id', NEW.comment_id))
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER trigger_comment_thread_notification
AFTER INSERT ON comment_threads
FOR EACH ROW EXECUTE FUNCTION handle_comment_thread_notification();

-- comment_reaction: to the comment's author, once per (comment, reacter), on the reaction row's INSERT only
-- (a reaction undone and redone is an UPDATE, and notifies nobody twice), at the reaction's time and block.
-- Skipped: reacting to oneself, a deleted or hidden comment, an author who muted the comment's notifications
-- or the reacter; and when the author is the track's owner, one who muted the track's comment notifications.
CREATE OR REPLACE FUNCTION handle_comment_reaction_notification() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c record;
    owner_id integer;
BEGIN
    IF NEW.is_delete THEN
        RETURN NULL;
    END IF;
    SELECT user_id, entity_type, entity_id INTO c FROM comments
    WHERE comment_id = NEW.comment_id AND is_delete IS NOT TRUE AND is_visible IS NOT FALSE;
    IF NOT FOUND OR c.user_id = NEW.user_id THEN
        RETURN NULL;
    END IF;
    SELECT t.owner_id INTO owner_id FROM tracks t
    WHERE c.entity_type = 'Track' AND t.track_id = c.entity_id AND t.is_current;
    IF EXISTS (SELECT 1 FROM comment_notification_settings s
               WHERE s.user_id = c.user_id AND s.is_muted
                 AND ((s.entity_type = 'Comment' AND s.entity_id = NEW.comment_id)
                      OR (c.user_id = owner_id AND s.entity_type = c.entity_type AND s.entity_id = c.entity_id)))
       OR EXISTS (SELECT 1 FROM muted_users m
                  WHERE m.user_id = c.user_id AND m.muted_user_id = NEW.user_id AND NOT m.is_delete) THEN
        RETURN NULL;
    END IF;

    INSERT INTO notification (user_ids, type, specifier, group_id, blocknumber, "timestamp", data)
    VALUES (ARRAY[c.user_id], 'comment_reaction', NEW.user_id::text, 'comment_reaction:' || NEW.comment_id,
            NEW.blocknumber, NEW.created_at,
            jsonb_build_object('type', c.entity_type, 'entity_id', c.entity_id, 'entity_user_id', owner_id,
                               'comment_id', NEW.comment_id, 'reacter_user_id', NEW.user_id))
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER trigger_comment_reaction_notification
AFTER INSERT ON comment_reactions
FOR EACH ROW EXECUTE FUNCTION handle_comment_reaction_notification();
