-- The week's top underground tracks (the Go API's definition, see db/functions/trending.sql), ranked like
-- tt_top.sql and with the same skip of deleted tracks.
SELECT (row_number() OVER (ORDER BY u.score DESC, u.track_id DESC))::int AS rank, u.track_id, u.owner_id
FROM underground_trending_scores('week', %(version)s) u
JOIN tracks t ON t.track_id = u.track_id AND t.is_current AND NOT t.is_delete
ORDER BY u.score DESC, u.track_id DESC
LIMIT %(limit)s
