INSERT INTO {parents} (parent_track_id, child_track_id)
SELECT DISTINCT t.track_id, %(track_id)s FROM tracks t
WHERE t.track_id = ANY (%(parent_ids)s::integer[]) AND t.is_current
ON CONFLICT DO NOTHING
