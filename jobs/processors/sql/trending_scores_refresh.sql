-- Rewrites the TRACKS rows of track_trending_scores, for every served version (pnagD and AnlGe) and the week,
-- month and allTime ranges, in one statement (so one snapshot and one transaction): new and changed scores
-- are upserted, rows of tracks that no longer score are deleted. A row is rewritten only when its genre, score
-- or for-sale flag changed, so a refresh over unchanged activity writes nothing; created_at is the tick at
-- which the row last got a new score.
--
-- The formula, after upstream's pnagD strategy, per track and time range (L = 7 days for week, 30 for month,
-- 100000 for allTime):
--   activity = plays_w + 50 * reposts_w + saves_w + 0.25 * reposts_all + 0.01 * saves_all
--   pnagD    = activity * 100000 ^ clamp(1 - age_days / L, -1, 0)
--   AnlGe    = pnagD * (1 + log10(1 + owner_followers))
-- where *_w count what happened in (now - L days, now] (allTime: everything, from the aggregates), *_all are
-- the track's current totals (aggregate_track), and age_days is whole days since the track's created_at.
-- Reposts weigh most because a repost puts the track in front of the reposter's followers; the small
-- all-time terms only separate tracks with equal windowed activity. The decay is 1 while the track is no
-- older than L, then falls by 10x every L/5 days to a floor of 1e-5 (reached at age 2L): new tracks trend,
-- and an old track with a windowed burst still outranks old tracks with less. Clamping the exponent also
-- keeps power() from underflowing for very old tracks. Unlike upstream's pnagD we apply no follower-karma
-- multiplier and no minimum-follower gate. AnlGe is upstream's other strategy, pnagD with the karma factor
-- softened to 1 + log10(1 + karma); we take the owner's follower count for karma (upstream sums followers
-- over the track's engagers, which would cost a read of every repost and save each hour), so an artist's
-- audience lifts its tracks a little, not in proportion.
--
-- usdc_purchase: whether the track is sold for USDC (stream_conditions has usdc_purchase) as of this
-- refresh; getTrendingUSDCPurchaseTracks walks the partial indexes on it (migration 0025).
--
-- Who scores: current, not deleted, listed tracks that are not stems, with at least one windowed play,
-- repost or save in the range (allTime: any play, repost or save). Everything else has no row.
--
-- Cost: the windowed counts read only the last 30 days of plays, reposts and saves through their
-- created_at indexes, all three ranges in one pass per table (week is a FILTER of month). allTime reads the
-- aggregate tables, one row per track that ever had activity.
WITH plays_w AS (
    SELECT p.play_item_id AS track_id,
           count(*) FILTER (WHERE p.created_at > %(now)s::timestamp - interval '7 days') AS week,
           count(*) AS month
    FROM plays p
    WHERE p.created_at > %(now)s::timestamp - interval '30 days' AND p.created_at <= %(now)s::timestamp
    GROUP BY p.play_item_id
),
reposts_w AS (
    SELECT r.repost_item_id AS track_id,
           count(*) FILTER (WHERE r.created_at > %(now)s::timestamp - interval '7 days') AS week,
           count(*) AS month
    FROM reposts r
    WHERE r.created_at > %(now)s::timestamp - interval '30 days' AND r.created_at <= %(now)s::timestamp
      AND r.repost_type = 'track' AND r.is_current AND NOT r.is_delete
    GROUP BY r.repost_item_id
),
saves_w AS (
    SELECT s.save_item_id AS track_id,
           count(*) FILTER (WHERE s.created_at > %(now)s::timestamp - interval '7 days') AS week,
           count(*) AS month
    FROM saves s
    WHERE s.created_at > %(now)s::timestamp - interval '30 days' AND s.created_at <= %(now)s::timestamp
      AND s.save_type = 'track' AND s.is_current AND NOT s.is_delete
    GROUP BY s.save_item_id
),
windowed AS (
    SELECT coalesce(p.track_id, r.track_id, s.track_id) AS track_id,
           coalesce(p.week, 0) AS plays_week, coalesce(r.week, 0) AS reposts_week, coalesce(s.week, 0) AS saves_week,
           coalesce(p.month, 0) AS plays_month, coalesce(r.month, 0) AS reposts_month,
           coalesce(s.month, 0) AS saves_month
    FROM plays_w p
    FULL JOIN reposts_w r ON r.track_id = p.track_id
    FULL JOIN saves_w s ON s.track_id = coalesce(p.track_id, r.track_id)
),
activity AS (
    SELECT w.track_id, v.time_range, v.days, v.plays, v.reposts, v.saves
    FROM windowed w
    CROSS JOIN LATERAL (VALUES
        ('week', 7, w.plays_week, w.reposts_week, w.saves_week),
        ('month', 30, w.plays_month, w.reposts_month, w.saves_month)
    ) v (time_range, days, plays, reposts, saves)
    WHERE v.plays + v.reposts + v.saves > 0
    UNION ALL
    SELECT coalesce(ap.play_item_id, agg.track_id), 'allTime', 100000, coalesce(ap.count, 0),
           coalesce(agg.repost_count, 0), coalesce(agg.save_count, 0)
    FROM aggregate_plays ap
    FULL JOIN aggregate_track agg ON agg.track_id = ap.play_item_id
    WHERE coalesce(ap.count, 0) + coalesce(agg.repost_count, 0) + coalesce(agg.save_count, 0) > 0
),
pnagd AS (
    SELECT a.track_id, a.time_range, t.genre, coalesce(t.stream_conditions ? 'usdc_purchase', false) AS usdc,
           coalesce(ou.follower_count, 0) AS owner_followers,
           (a.plays + 50.0 * a.reposts + a.saves
               + 0.25 * coalesce(agg.repost_count, 0) + 0.01 * coalesce(agg.save_count, 0))::float8
           * power(100000.0::float8, greatest(-1.0, least(0.0,
                 1.0 - floor(extract(epoch FROM %(now)s::timestamp - t.created_at) / 86400) / a.days))::float8)
               AS score
    FROM activity a
    JOIN tracks t ON t.track_id = a.track_id AND t.is_current
    LEFT JOIN aggregate_track agg ON agg.track_id = a.track_id
    LEFT JOIN aggregate_user ou ON ou.user_id = t.owner_id
    WHERE NOT t.is_delete AND NOT t.is_unlisted AND t.stem_of IS NULL
),
scores AS (
    SELECT p.track_id, v.version, p.time_range, p.genre, p.usdc, v.score
    FROM pnagd p
    CROSS JOIN LATERAL (VALUES
        ('pnagD', p.score),
        ('AnlGe', p.score * (1.0 + log(1.0 + p.owner_followers::float8)))
    ) v (version, score)
),
-- Only the difference is written: unchanged rows are neither deleted nor touched by ON CONFLICT (which
-- would lock, and so dirty, every one of them each hour).
changes AS (
    SELECT coalesce(s.track_id, o.track_id) AS track_id, coalesce(s.version, o.version) AS version,
           coalesce(s.time_range, o.time_range) AS time_range, s.genre, s.score, s.usdc, s.track_id IS NULL AS gone
    FROM scores s
    FULL JOIN (
        SELECT track_id, version::text, time_range::text, genre, score, usdc_purchase FROM track_trending_scores
        WHERE type = 'TRACKS' AND version IN ('pnagD', 'AnlGe')
    ) o ON o.track_id = s.track_id AND o.version = s.version AND o.time_range = s.time_range
    WHERE s.track_id IS NULL OR o.track_id IS NULL
       OR (s.genre, s.score, s.usdc) IS DISTINCT FROM (o.genre, o.score, o.usdc_purchase)
),
dropped AS (
    DELETE FROM track_trending_scores o
    USING changes c
    WHERE c.gone AND o.track_id = c.track_id AND o.type = 'TRACKS' AND o.version = c.version
      AND o.time_range = c.time_range
    RETURNING 1
),
written AS (
    INSERT INTO track_trending_scores AS o (track_id, type, genre, version, time_range, score, usdc_purchase,
                                            created_at)
    SELECT c.track_id, 'TRACKS', c.genre, c.version, c.time_range, c.score, c.usdc, %(now)s::timestamp
    FROM changes c
    WHERE NOT c.gone
    ORDER BY c.track_id, c.version, c.time_range
    ON CONFLICT (track_id, type, version, time_range) DO UPDATE
        SET genre = EXCLUDED.genre, score = EXCLUDED.score, usdc_purchase = EXCLUDED.usdc_purchase,
            created_at = EXCLUDED.created_at
    RETURNING 1
)
SELECT (SELECT count(*) FROM dropped)::int AS dropped, (SELECT count(*) FROM written)::int AS written
