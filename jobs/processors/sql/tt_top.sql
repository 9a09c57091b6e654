-- The week's top TRACKS of a trending version, ranked 1.. in trending order (score desc, track_id desc), with
-- their owners. Tracks deleted (or without a current row) since they were scored are skipped and do not hold
-- a rank. The LIMIT walks track_trending_scores_rank_idx, so this stays cheap on every tick (t runs it).
SELECT (row_number() OVER (ORDER BY s.score DESC, s.track_id DESC))::int AS rank, s.track_id, t.owner_id
FROM track_trending_scores s
JOIN tracks t ON t.track_id = s.track_id AND t.is_current AND NOT t.is_delete
WHERE s.type = 'TRACKS' AND s.version = %(version)s AND s.time_range = 'week'
ORDER BY s.score DESC, s.track_id DESC
LIMIT %(limit)s
