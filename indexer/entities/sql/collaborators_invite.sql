-- New invitees become pending, in list order; users that do not exist are skipped; existing invites keep
-- their status and times.
INSERT INTO track_collaborators (track_id, collaborator_user_id, invited_by, status, created_at, updated_at,
                                 txhash, blocknumber)
SELECT %(track_id)s, listed.user_id, %(owner_id)s, 'pending', %(at)s, %(at)s, %(txhash)s, %(blocknumber)s
FROM unnest(%(user_ids)s::integer[]) WITH ORDINALITY AS listed (user_id, position)
WHERE EXISTS (SELECT 1 FROM users u WHERE u.user_id = listed.user_id AND u.is_current)
ORDER BY listed.position
ON CONFLICT (track_id, collaborator_user_id) DO NOTHING
