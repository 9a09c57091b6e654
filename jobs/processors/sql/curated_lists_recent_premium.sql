-- Recent premium tracks, as the Go API's /tracks/recent-premium: listed, available, current tracks with a
-- USDC purchase gate on streaming or downloading, created in the month before the tick, the newest one per
-- owner. The Go API pages them in owner id order (what DISTINCT ON leaves); ours ranks them newest first,
-- which is what the name promises. Ties go to the higher track id.
INSERT INTO curated_track_lists (list, rank, track_id, score)
SELECT 'recent_premium', row_number() OVER (ORDER BY created_at DESC, track_id DESC), track_id,
       extract(epoch FROM created_at)
FROM (
    SELECT DISTINCT ON (t.owner_id) t.owner_id, t.track_id, t.created_at
    FROM tracks t
    WHERE t.is_current AND NOT t.is_delete AND NOT t.is_unlisted AND t.is_available
      AND (t.stream_conditions ? 'usdc_purchase' OR t.download_conditions ? 'usdc_purchase')
      AND t.created_at >= %(now)s::timestamp - interval '1 month' AND t.created_at <= %(now)s::timestamp
    ORDER BY t.owner_id, t.created_at DESC, t.track_id DESC
) newest;
