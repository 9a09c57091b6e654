DELETE FROM {parents} WHERE child_track_id = %(track_id)s
