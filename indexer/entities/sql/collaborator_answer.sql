-- Only status and updated_at change: txhash and blocknumber stay the invite's (go-openaudio ETL).
UPDATE track_collaborators SET status = %(status)s, updated_at = %(at)s
WHERE track_id = %(track_id)s AND collaborator_user_id = %(user_id)s
