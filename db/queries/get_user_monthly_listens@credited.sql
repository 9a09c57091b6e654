    SELECT t.track_id FROM tracks t
    WHERE t.owner_id = %(user_id)s AND t.is_current AND t.stem_of IS NULL
    UNION ALL
    SELECT t.track_id FROM tracks t
    WHERE t.track_id = ANY(%(credit_ids)s::integer[])
      AND t.is_current AND t.stem_of IS NULL
      AND t.owner_id <> %(user_id)s
