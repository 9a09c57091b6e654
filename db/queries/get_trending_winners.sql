-- The winners of one week of a trending reward (tt: TRACKS, tut: UNDERGROUND_TRACKS), by rank, as the tt / tut
-- jobs stored them in trending_results on that Friday: read back, never recomputed, so the list is what was
-- paid. The week is the Go API's choice: with a date, the first stored week on or after it (else the latest
-- stored); without one, the latest stored week before today (today's may still be being written).
-- Deleted tracks are left out (as the Go API); hydration drops what the viewer may not see.
WITH chosen AS (
    SELECT CASE
        WHEN %(week)s::date IS NULL THEN (
            SELECT max(w.week) FROM trending_results w
            WHERE w.type = %(type)s AND w.version = %(version)s AND w.week < %(today)s::date)
        ELSE coalesce(
            (SELECT min(w.week) FROM trending_results w
             WHERE w.type = %(type)s AND w.version = %(version)s AND w.week >= %(week)s::date),
            (SELECT max(w.week) FROM trending_results w WHERE w.type = %(type)s AND w.version = %(version)s))
    END AS week
)
SELECT tr.id::int AS track_id
FROM chosen c
JOIN trending_results tr ON tr.type = %(type)s AND tr.version = %(version)s AND tr.week = c.week
JOIN tracks t ON t.track_id = tr.id::int AND t.is_current AND NOT t.is_delete
ORDER BY tr.rank
