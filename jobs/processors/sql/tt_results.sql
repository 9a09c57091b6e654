-- The week's ranking, as the Go API stores it (type and version without legacy's Enum prefixes). Written
-- before the user_challenges rows, whose notification trigger reads the track id from here.
INSERT INTO trending_results (user_id, id, rank, type, version, week)
SELECT top.owner_id, top.track_id::text, top.rank, %(type)s, %(version)s, %(week)s
FROM unnest(%(ranks)s::int[], %(track_ids)s::int[], %(owner_ids)s::int[]) AS top (rank, track_id, owner_id)
ORDER BY top.rank
ON CONFLICT DO NOTHING
