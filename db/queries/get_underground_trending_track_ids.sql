-- One page of underground trending track ids, best first, with the visibility rule of
-- get_trending_track_ids (deleted tracks left out, unlisted ones only for their owner).
-- underground_trending_scores() returns its rows ordered (score desc, track_id desc). The visibility test is a
-- scalar subquery, not a join, and there is no ORDER BY here, on purpose: with the function's ordered subquery
-- as the only relation, the planner passes this LIMIT down into it, so it walks the score index and stops
-- after one page; a join or an outer ORDER BY would make it rank the whole week first (100x slower on 200,000
-- tracks). Nothing here reorders rows (a filter and a limit), so the function's order is the page's order.
SELECT u.track_id
FROM underground_trending_scores(%(time_range)s, %(version)s) u
WHERE (SELECT NOT t.is_delete AND (NOT t.is_unlisted OR t.owner_id = %(my_id)s)
       FROM tracks t WHERE t.track_id = u.track_id AND t.is_current)
LIMIT %(limit)s OFFSET %(offset)s
