-- Rewrites the PLAYLISTS rows of playlist_trending_scores (version pnagD, the only playlist strategy upstream
-- has) for the week, month and allTime ranges, in one statement: new and changed scores are upserted, rows of
-- playlists that may no longer trend are deleted, unchanged rows are not touched (a refresh over unchanged
-- activity writes nothing); created_at is the tick at which the row last got a new score.
--
-- Who may trend (who gets a row): current, public, not deleted playlists and albums of an owner who is not
-- deactivated, listing at least 3 entries (upstream's scoring floor, `mt`), and by their live public tracks
-- (playlist_tracks not removed, tracks current, neither deleted nor unlisted): a playlist at least 5 tracks
-- by at least 5 artists, an album at least 1 (upstream's read rules; upstream counts unlisted tracks too, we
-- do not, so a playlist never trends on tracks its viewers cannot see). Every such playlist has a row in
-- every range, a score 0 included, as upstream's strategy writes them.
--
-- The formula, upstream's pnagD playlist strategy, per playlist and range (L = 7 days for week, 30 for
-- month; allTime has no window and no decay):
--   week/month = (1 + 50 * reposts_w + saves_w + 0.25 * reposts_all + 0.01 * saves_all) * karma_w * decay
--   allTime    = (1 + 0.25 * reposts_all + 0.01 * saves_all) * karma_all
--   decay      = 1 while age_days <= L, else max(1e-5, 100000 ^ max(-10, 1 - age_days / L))
--   score      = 0 when the owner has fewer than 3 followers
-- where *_w count the live reposts and saves made in (now - L days, now], *_all are the playlist's totals
-- (aggregate_playlist), age_days is whole days since the playlist's created_at (no release dates are indexed
-- for playlists), and karma is the sum of the follower counts of the users behind those reposts and saves
-- whose profile is complete (picture, cover photo and bio), at least 1. Upstream counts only engagement typed
-- 'playlist', so an album's own reposts and saves never lift it; we count a collection's engagement whatever
-- its type. Upstream's karma defaults to 1 only when no engager qualifies, so fans with no followers would
-- sink a playlist below one nobody engaged with; ours never goes under 1.
--
-- Cost: one pass over the live reposts and saves of collections (their partial indexes, migration 0030), one
-- over the playlists' tracks, hashed; nothing per playlist.
WITH eligible AS (
    SELECT p.playlist_id, p.is_album, p.created_at, coalesce(au.follower_count, 0) AS owner_followers,
           coalesce(ap.repost_count, 0) AS reposts_all, coalesce(ap.save_count, 0) AS saves_all
    FROM playlists p
    JOIN users u ON u.user_id = p.playlist_owner_id AND u.is_current AND NOT u.is_deactivated
    JOIN (
        SELECT pt.playlist_id, count(*) AS tracks, count(DISTINCT t.owner_id) AS artists
        FROM playlist_tracks pt
        JOIN tracks t ON t.track_id = pt.track_id AND t.is_current
        WHERE NOT pt.is_removed AND NOT t.is_delete AND NOT t.is_unlisted
        GROUP BY pt.playlist_id
    ) c ON c.playlist_id = p.playlist_id
    LEFT JOIN aggregate_user au ON au.user_id = p.playlist_owner_id
    LEFT JOIN aggregate_playlist ap ON ap.playlist_id = p.playlist_id
    WHERE p.is_current AND NOT p.is_delete AND NOT p.is_private
      AND jsonb_typeof(p.playlist_contents -> 'track_ids') = 'array'
      AND jsonb_array_length(p.playlist_contents -> 'track_ids') >= 3
      AND CASE WHEN p.is_album THEN c.tracks >= 1 ELSE c.tracks >= 5 AND c.artists >= 5 END
),
engagement AS (
    SELECT r.repost_item_id AS playlist_id, r.user_id, r.created_at, true AS is_repost
    FROM reposts r
    WHERE r.repost_type <> 'track' AND r.is_current AND NOT r.is_delete AND r.created_at <= %(now)s::timestamp
    UNION ALL
    SELECT s.save_item_id, s.user_id, s.created_at, false
    FROM saves s
    WHERE s.save_type <> 'track' AND s.is_current AND NOT s.is_delete AND s.created_at <= %(now)s::timestamp
),
windowed AS (
    SELECT e.playlist_id,
           count(*) FILTER (WHERE e.is_repost AND e.created_at > %(now)s::timestamp - interval '7 days') AS reposts_week,
           count(*) FILTER (WHERE NOT e.is_repost AND e.created_at > %(now)s::timestamp - interval '7 days') AS saves_week,
           count(*) FILTER (WHERE e.is_repost AND e.created_at > %(now)s::timestamp - interval '30 days') AS reposts_month,
           count(*) FILTER (WHERE NOT e.is_repost AND e.created_at > %(now)s::timestamp - interval '30 days') AS saves_month,
           sum(e.karma) FILTER (WHERE e.created_at > %(now)s::timestamp - interval '7 days') AS karma_week,
           sum(e.karma) FILTER (WHERE e.created_at > %(now)s::timestamp - interval '30 days') AS karma_month,
           sum(e.karma) AS karma_all
    FROM (
        SELECT e.playlist_id, e.created_at, e.is_repost,
               -- Only engagers with a complete profile bring karma (upstream's filter of throwaway accounts).
               CASE WHEN (u.cover_photo IS NOT NULL OR u.cover_photo_sizes IS NOT NULL)
                     AND (u.profile_picture IS NOT NULL OR u.profile_picture_sizes IS NOT NULL)
                     AND u.bio IS NOT NULL
                    THEN coalesce(au.follower_count, 0) END AS karma
        FROM engagement e
        JOIN eligible el ON el.playlist_id = e.playlist_id
        LEFT JOIN users u ON u.user_id = e.user_id AND u.is_current
        LEFT JOIN aggregate_user au ON au.user_id = e.user_id
    ) e
    GROUP BY e.playlist_id
),
scores AS (
    SELECT el.playlist_id, el.is_album, v.time_range,
           CASE WHEN el.owner_followers < 3 THEN 0.0::float8
                ELSE (v.activity * greatest(coalesce(v.karma, 0), 1)
                      * CASE WHEN v.days IS NULL OR a.age <= v.days THEN 1.0
                             ELSE greatest(1e-5, power(100000.0, greatest(-10.0, 1.0 - a.age / v.days)))
                        END)::float8
           END AS score
    FROM eligible el
    LEFT JOIN windowed w ON w.playlist_id = el.playlist_id
    CROSS JOIN LATERAL (
        SELECT floor(extract(epoch FROM %(now)s::timestamp - el.created_at) / 86400)::numeric AS age,
               1.0 + 0.25 * el.reposts_all + 0.01 * el.saves_all AS base
    ) a
    CROSS JOIN LATERAL (VALUES
        ('week', 7.0, a.base + 50.0 * coalesce(w.reposts_week, 0) + coalesce(w.saves_week, 0), w.karma_week),
        ('month', 30.0, a.base + 50.0 * coalesce(w.reposts_month, 0) + coalesce(w.saves_month, 0), w.karma_month),
        ('allTime', NULL, a.base, w.karma_all)
    ) v (time_range, days, activity, karma)
),
-- Only the difference is written: unchanged rows are neither deleted nor touched by ON CONFLICT.
changes AS (
    SELECT coalesce(s.playlist_id, o.playlist_id) AS playlist_id, coalesce(s.time_range, o.time_range) AS time_range,
           s.score, s.is_album, s.playlist_id IS NULL AS gone
    FROM scores s
    FULL JOIN (
        SELECT playlist_id, time_range::text, score, is_album FROM playlist_trending_scores
        WHERE type = 'PLAYLISTS' AND version = 'pnagD'
    ) o ON o.playlist_id = s.playlist_id AND o.time_range = s.time_range
    WHERE s.playlist_id IS NULL OR o.playlist_id IS NULL
       OR (s.score, s.is_album) IS DISTINCT FROM (o.score, o.is_album)
),
dropped AS (
    DELETE FROM playlist_trending_scores o
    USING changes c
    WHERE c.gone AND o.playlist_id = c.playlist_id AND o.type = 'PLAYLISTS' AND o.version = 'pnagD'
      AND o.time_range = c.time_range
    RETURNING 1
),
written AS (
    INSERT INTO playlist_trending_scores AS o (playlist_id, type, version, time_range, score, is_album, created_at)
    SELECT c.playlist_id, 'PLAYLISTS', 'pnagD', c.time_range, c.score, c.is_album, %(now)s::timestamp
    FROM changes c
    WHERE NOT c.gone
    ORDER BY c.playlist_id, c.time_range
    ON CONFLICT (playlist_id, type, version, time_range) DO UPDATE
        SET score = EXCLUDED.score, is_album = EXCLUDED.is_album, created_at = EXCLUDED.created_at
    RETURNING 1
)
SELECT (SELECT count(*) FROM dropped)::int AS dropped, (SELECT count(*) FROM written)::int AS written
