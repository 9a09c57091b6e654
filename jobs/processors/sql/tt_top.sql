-- The head of the week's TRACKS trending (score desc, track_id desc), %(scan)s rows, each with its owner and
-- whether it is still live (a current, not deleted track): the caller ranks the live ones and widens the
-- slice if deletions leave too few. The LIMIT walks track_trending_scores_rank_idx, so this stays cheap on
-- every tick (t reads it too).
SELECT s.track_id, t.owner_id, coalesce(t.is_current AND NOT t.is_delete, false) AS live
FROM track_trending_scores s
LEFT JOIN tracks t ON t.track_id = s.track_id AND t.is_current
WHERE s.type = 'TRACKS' AND s.version = %(version)s AND s.time_range = 'week'
ORDER BY s.score DESC, s.track_id DESC
LIMIT %(scan)s
