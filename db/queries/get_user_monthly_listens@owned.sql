    SELECT t.track_id FROM tracks t
    WHERE t.owner_id = %(user_id)s AND t.is_current AND t.stem_of IS NULL
