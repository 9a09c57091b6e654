-- One page of trending track ids, best first (score desc, track_id desc, as the Go API). The slot is the
-- scores to rank: get_trending_track_ids@all (a time range) or @genre (a time range and genre); the
-- underground list has its own query (get_underground_trending_track_ids).
-- Unlike the Go API (a LEFT JOIN that kept them), deleted tracks are left out, as every other track list
-- does; an unlisted track (one unlisted since the last refresh) only for its owner, as hydration would, but
-- here, before the page is cut, so a page is never short. Scores are only refreshed hourly, so these checks
-- belong at read time.
SELECT s.track_id
FROM (
    /*@scores*/
) s
JOIN tracks t ON t.track_id = s.track_id AND t.is_current
WHERE NOT t.is_delete AND (NOT t.is_unlisted OR t.owner_id = %(my_id)s)
ORDER BY s.score DESC, s.track_id DESC
LIMIT %(limit)s OFFSET %(offset)s
