SELECT status FROM track_collaborators WHERE track_id = %(track_id)s AND collaborator_user_id = %(user_id)s
