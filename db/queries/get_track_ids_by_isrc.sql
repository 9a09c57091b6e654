SELECT track_id
FROM tracks
WHERE isrc = ANY(%(isrcs)s) AND is_current
ORDER BY array_position(%(isrcs)s::text[], isrc), track_id
