DELETE FROM track_collaborators
WHERE track_id = %(track_id)s AND collaborator_user_id <> ALL (%(user_ids)s::integer[])
