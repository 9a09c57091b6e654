-- The day and month buckets of listed tracks per genre (see genre_track_counts in migration 0024), by the
-- tracks' created_at in UTC, up to the tick.
INSERT INTO genre_track_counts (bucket, bucket_start, genre, count)
SELECT b.bucket, b.bucket_start, b.genre, count(*)
FROM tracks t
CROSS JOIN LATERAL (VALUES ('day', date_trunc('day', t.created_at)::date, t.genre),
                           ('month', date_trunc('month', t.created_at)::date, t.genre)) b(bucket, bucket_start, genre)
WHERE t.is_current AND NOT t.is_delete AND NOT t.is_unlisted AND coalesce(t.genre, '') <> ''
  AND t.created_at <= %(now)s::timestamp
GROUP BY b.bucket, b.bucket_start, b.genre;
