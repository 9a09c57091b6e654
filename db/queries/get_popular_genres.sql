-- Popular genres (the newer Go API's /genres/popular): listed, current, not deleted tracks created after
-- %(start)s per genre, most first (ties by name), with at least %(min_count)s. The curated_lists job keeps
-- day and month buckets (genre_track_counts): this sums the whole months after the start's month, the whole
-- days after the start's day within that month, and counts the rest of the start's own day live through
-- tracks_listed_created_idx, so a request reads at most ~150 buckets per genre and one day of tracks. The
-- buckets are up to ten minutes old, as the Go API's 15-minute cache. Go merges spelling variants of a genre
-- on the page only; ours counts the genre as stored.
WITH bounds AS (
    SELECT %(start)s::timestamp AS start,
           date_trunc('day', %(start)s::timestamp) + interval '1 day' AS next_day,
           date_trunc('month', %(start)s::timestamp) + interval '1 month' AS next_month
),
counted AS (
    SELECT g.genre, g.count
    FROM genre_track_counts g, bounds b
    WHERE g.bucket = 'month' AND g.bucket_start >= b.next_month
    UNION ALL
    SELECT g.genre, g.count
    FROM genre_track_counts g, bounds b
    WHERE g.bucket = 'day' AND g.bucket_start >= b.next_day AND g.bucket_start < b.next_month
    UNION ALL
    SELECT t.genre, 1
    FROM tracks t, bounds b
    WHERE t.is_current AND NOT t.is_delete AND NOT t.is_unlisted
      AND t.created_at > b.start AND t.created_at < b.next_day AND coalesce(t.genre, '') <> ''
)
SELECT genre AS name, sum(count)::bigint AS count
FROM counted
GROUP BY genre
HAVING sum(count) >= %(min_count)s
ORDER BY count DESC, name
LIMIT %(limit)s OFFSET %(offset)s
