-- As TrackCollaborator Approve/Reject: only the status and updated_at change.
UPDATE track_collaborators SET status = %(status)s, updated_at = %(answered_at)s
WHERE track_id = %(track_id)s AND collaborator_user_id = %(collaborator_user_id)s
