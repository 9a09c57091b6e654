-- Comment objects by id, as the viewer sees them (hydrate.comments): the fields upstream's comment carries,
-- the ids of the replies its preview shows (the thread's first three the viewer is shown, oldest first,
-- through the thread index), and the entity's owner (whose reaction is_artist_reacted tells, and whose mutes
-- and reports hide comments): a track's owner, an event's host. A comment on another entity (a fan club)
-- keeps its row with no owner.
SELECT
    c.comment_id, c.entity_type, c.entity_id, c.user_id, c.text, c.track_timestamp_s, c.react_count,
    c.reply_count, coalesce(c.is_edited, false) AS is_edited, coalesce(c.is_delete, false) AS is_delete,
    c.parent_comment_id, c.created_at, c.updated_at, owner.owner_id,
    coalesce((
        SELECT json_agg(json_build_object('user_id', m.user_id, 'handle', u.handle) ORDER BY m.user_id)
        FROM comment_mentions m
        JOIN users u ON u.user_id = m.user_id AND u.is_current
        WHERE m.comment_id = c.comment_id AND NOT m.is_delete
    ), '[]') AS mentions,
    (%(my_id)s > 0 AND EXISTS (
        SELECT 1 FROM comment_reactions r
        WHERE r.comment_id = c.comment_id AND r.user_id = %(my_id)s AND NOT r.is_delete)) AS is_current_user_reacted,
    EXISTS (
        SELECT 1 FROM comment_reactions r
        WHERE r.comment_id = c.comment_id AND r.user_id = owner.owner_id AND NOT r.is_delete) AS is_artist_reacted,
    -- The viewer muted the notifications of this comment's thread (upstream's legacy reading; the Go API's
    -- query compares the setting's columns with themselves, so any setting of the viewer's counts there).
    (%(my_id)s > 0 AND EXISTS (
        SELECT 1 FROM comment_notification_settings s
        WHERE s.user_id = %(my_id)s AND s.entity_type = 'Comment' AND s.entity_id = c.comment_id
          AND s.is_muted)) AS is_muted,
    coalesce(ARRAY(
        SELECT r.comment_id FROM comments r
        WHERE r.parent_comment_id = c.comment_id AND r.is_delete IS NOT TRUE
          AND c.parent_comment_id IS NULL
          AND comment_shown_to(r.comment_id, r.user_id, owner.owner_id, %(my_id)s)
        ORDER BY r.created_at, r.comment_id
        LIMIT %(preview)s
    ), '{}') AS preview_reply_ids
FROM comments c
LEFT JOIN LATERAL (
    SELECT t.owner_id FROM tracks t
    WHERE c.entity_type = 'Track' AND t.track_id = c.entity_id AND t.is_current
    UNION ALL
    SELECT e.user_id FROM events e WHERE c.entity_type = 'Event' AND e.event_id = c.entity_id
    LIMIT 1
) owner ON true
WHERE c.comment_id = ANY(%(ids)s)
