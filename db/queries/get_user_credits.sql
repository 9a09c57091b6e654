-- The tracks a user accepted a credit on: an index-only probe of idx_track_collaborators_collaborator.
SELECT coalesce(array_agg(track_id ORDER BY track_id), '{}') AS track_ids
FROM track_collaborators
WHERE collaborator_user_id = %(user_id)s AND status = 'accepted'
