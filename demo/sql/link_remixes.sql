-- tracks.remix_of as the Track Create of a remix sets it (the metadata the handler keeps).
UPDATE tracks t SET remix_of = jsonb_build_object('tracks', (
    SELECT jsonb_agg(jsonb_build_object('parent_track_id', r.parent_track_id))
    FROM remixes r WHERE r.child_track_id = t.track_id))
WHERE t.track_id IN (SELECT child_track_id FROM remixes)
