UPDATE tracks SET pinned_comment_id = %(comment_id)s WHERE track_id = %(track_id)s AND is_current
