-- The comment notification (the apps indexer's create_comment block): to the track's owner, when someone
-- else comments at the top level of their track, at the comment's time and block; once per (track,
-- commenter), as upstream's group and specifier make it. Skipped: a reply (the thread notification covers
-- it), a comment that mentions the owner (the mention notification does), an owner who muted the track's
-- comment notifications or the commenter.
INSERT INTO notification (user_ids, type, specifier, group_id, blocknumber, "timestamp", data)
SELECT ARRAY[t.owner_id], 'comment', c.user_id::text, 'comment:' || c.entity_id || ':type:' || c.entity_type,
       c.blocknumber, c.created_at,
       jsonb_build_object('type', c.entity_type, 'entity_id', c.entity_id, 'comment_user_id', c.user_id,
                          'comment_id', c.comment_id)
FROM comments c
JOIN tracks t ON t.track_id = c.entity_id AND t.is_current
WHERE c.comment_id = %(comment_id)s AND c.entity_type = 'Track' AND c.is_delete IS NOT TRUE
  AND t.owner_id <> c.user_id
  AND NOT EXISTS (SELECT 1 FROM comment_threads th WHERE th.comment_id = c.comment_id)
  AND NOT EXISTS (SELECT 1 FROM comment_mentions m
                  WHERE m.comment_id = c.comment_id AND m.user_id = t.owner_id AND NOT m.is_delete)
  AND NOT EXISTS (SELECT 1 FROM comment_notification_settings s
                  WHERE s.user_id = t.owner_id AND s.entity_type = 'Track' AND s.entity_id = c.entity_id
                    AND s.is_muted)
  AND NOT EXISTS (SELECT 1 FROM muted_users m
                  WHERE m.user_id = t.owner_id AND m.muted_user_id = c.user_id AND NOT m.is_delete)
ON CONFLICT DO NOTHING
