-- The invitations a user received to be credited on other artists' tracks, newest first.
SELECT track_id, invited_by, status, created_at, updated_at
FROM track_collaborators
WHERE collaborator_user_id = %(user_id)s
  AND (%(status)s::text IS NULL OR status = %(status)s::text)
ORDER BY created_at DESC, track_id DESC
LIMIT %(limit)s OFFSET %(offset)s
