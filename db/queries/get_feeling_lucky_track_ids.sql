-- Random tracks with at least 250 plays (the Go API's "feeling lucky" floor), listed, available, not deleted
-- and not stems, optionally by artists with at least min_followers followers. The Go API orders every
-- candidate by random(); here each of %(probes)s random track ids probes the partial index
-- aggregate_plays_lucky_idx (migration 0025) for the first candidates at or after it (wrapping around), and keeps the first of
-- at most %(window)s that pass the filters, so a request reads 2 x probes x window index entries at most, however
-- many tracks qualify. The caller drops duplicates, shuffles and cuts the page. Tracks after a long gap in
-- the ids are likelier picks than tracks in a dense run: a sample, not a uniform draw.
WITH bounds AS (
    SELECT (SELECT min(play_item_id) FROM aggregate_plays WHERE count >= 250) AS lo,
           (SELECT max(play_item_id) FROM aggregate_plays WHERE count >= 250) AS hi
),
-- Materialized so random() is drawn once per probe, and the probe's id is a plain value to the index below.
pivots AS MATERIALIZED (
    SELECT b.lo + floor(random() * (b.hi - b.lo + 1))::int AS pivot
    FROM bounds b, generate_series(1, %(probes)s)
    WHERE b.lo IS NOT NULL
)
SELECT pick.track_id
FROM pivots p
CROSS JOIN LATERAL (
    SELECT c.play_item_id AS track_id
    FROM (
        (SELECT ap.play_item_id FROM aggregate_plays ap
         WHERE ap.count >= 250 AND ap.play_item_id >= p.pivot
         ORDER BY ap.play_item_id
         LIMIT %(window)s)
        -- The walk wraps around to the lowest ids: without it, a probe landing after the last track that
        -- passes the filters (an unlisted tail, say) finds nothing, and a page could come back empty while
        -- candidates exist. The Append runs this branch only when the first yields no pick.
        UNION ALL
        (SELECT ap.play_item_id FROM aggregate_plays ap
         WHERE ap.count >= 250 AND ap.play_item_id < p.pivot
         ORDER BY ap.play_item_id
         LIMIT %(window)s)
    ) c
    JOIN tracks t ON t.track_id = c.play_item_id AND t.is_current
    LEFT JOIN aggregate_user au ON au.user_id = t.owner_id
    WHERE NOT t.is_delete AND NOT t.is_unlisted AND t.is_available AND t.stem_of IS NULL
      AND coalesce(au.follower_count, 0) >= %(min_followers)s
    LIMIT 1
) pick
