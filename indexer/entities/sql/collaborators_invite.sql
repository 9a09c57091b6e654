-- New invitees become pending, in list order (whether or not they exist yet, as the ETL); existing invites
-- keep their status and times.
INSERT INTO track_collaborators (track_id, collaborator_user_id, invited_by, status, created_at, updated_at,
                                 txhash, blocknumber)
SELECT %(track_id)s, listed.user_id, %(owner_id)s, 'pending', %(at)s, %(at)s, %(txhash)s, %(blocknumber)s
FROM unnest(%(user_ids)s::integer[]) WITH ORDINALITY AS listed (user_id, position)
ORDER BY listed.position
ON CONFLICT (track_id, collaborator_user_id) DO NOTHING
