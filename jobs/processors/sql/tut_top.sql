-- The head of the week's underground trending (the Go API's definition, db/functions/trending.sql), as
-- tt_top.sql. The function walks the score index only under a bare LIMIT (a join or filter on top of it makes
-- the planner rank every scored track), hence the slice first and the deleted check per row of it.
WITH slice AS MATERIALIZED (
    SELECT track_id, owner_id, score FROM underground_trending_scores('week', %(version)s) LIMIT %(scan)s
)
SELECT s.track_id, s.owner_id,
       coalesce((SELECT NOT t.is_delete FROM tracks t WHERE t.track_id = s.track_id AND t.is_current), false)
           AS live
FROM slice s
ORDER BY s.score DESC, s.track_id DESC
