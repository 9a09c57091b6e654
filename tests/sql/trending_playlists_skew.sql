-- Trending playlists at scale, for tests/test_trending_playlists_plans.py, seeded set-based with the triggers
-- off (the test sets session_replication_role) and the aggregates filled directly: 20,000 users (one in three
-- with a complete profile, follower counts 0..39), 100,000 public tracks, 40,000 playlists (one in four an
-- album, one in ten private), each listing 5 tracks by 5 artists, user 5 owning 2,000 of them, playlist 1
-- listing 5,000 tracks with 3,000 reposters; every playlist reposted twice and saved once over the 60 days
-- before the test's now (2024-06-05). The test then runs the job's refresh and trending_playlists_skew_after.sql.
INSERT INTO users (user_id, is_current, handle, handle_lc, wallet, profile_picture, cover_photo, bio, created_at,
                   updated_at, txhash)
SELECT n, true, 'tpskew' || n, 'tpskew' || n, '0x' || lpad(to_hex(n), 40, '0'),
       CASE WHEN n % 3 = 0 THEN 'Qmpic' END, CASE WHEN n % 3 = 0 THEN 'Qmcover' END, CASE WHEN n % 3 = 0 THEN 'hi' END,
       timestamp '2024-01-01', timestamp '2024-01-01', '0xtpskewu' || n
FROM generate_series(1, 20000) n;

INSERT INTO aggregate_user (user_id, follower_count, following_count)
SELECT n, n % 40, 3 FROM generate_series(1, 20000) n;

INSERT INTO tracks (track_id, is_current, is_delete, owner_id, title, genre, created_at, updated_at, txhash)
SELECT n, true, false, 1 + n % 20000, 'Skewed ' || n, 'Electronic', timestamp '2024-01-01', timestamp '2024-01-01',
       '0xtpskewt' || n
FROM generate_series(1, 100000) n;

INSERT INTO playlists (playlist_id, playlist_owner_id, is_album, is_private, is_current, is_delete, playlist_name,
                       playlist_contents, created_at, updated_at, txhash, blocknumber)
SELECT p, CASE WHEN p <= 2000 THEN 5 ELSE 1 + (p * 31) % 20000 END, p % 4 = 0, p % 10 = 7, true, false,
       'Skewed playlist ' || p,
       jsonb_build_object('track_ids', (
           SELECT jsonb_agg(jsonb_build_object('track', 1 + (p * 5 + i) % 100000, 'time', 1700000000 + i) ORDER BY i)
           FROM generate_series(1, CASE WHEN p = 1 THEN 5000 ELSE 5 END) i)),
       timestamp '2024-03-01' + p * interval '2 minutes', timestamp '2024-03-01', '0xtpskewp' || p, 1
FROM generate_series(1, 40000) p;

INSERT INTO playlist_tracks (playlist_id, track_id, is_removed, created_at, updated_at)
SELECT p, 1 + (p * 5 + i) % 100000, false, timestamp '2024-03-01', timestamp '2024-03-01'
FROM generate_series(1, 40000) p, generate_series(1, 5) i
UNION ALL
SELECT 1, 1 + (5 + i) % 100000, false, timestamp '2024-03-01', timestamp '2024-03-01'
FROM generate_series(6, 5000) i;

INSERT INTO reposts (user_id, repost_item_id, repost_type, is_current, is_delete, created_at, txhash)
SELECT 1 + (p * 7 + k * 7919) % 20000, p, CASE WHEN p % 4 = 0 THEN 'album' ELSE 'playlist' END::reposttype, true,
       false, timestamp '2024-06-05' - ((p * k) % 60) * interval '1 day' - interval '1 hour', '0xtpskewr'
FROM generate_series(1, 40000) p, generate_series(1, 2) k
UNION ALL
SELECT u, 1, 'playlist', true, false, timestamp '2024-06-01', '0xtpskewr' FROM generate_series(10000, 12999) u;

INSERT INTO saves (user_id, save_item_id, save_type, is_current, is_delete, created_at, txhash)
SELECT 1 + (p * 13) % 20000, p, CASE WHEN p % 4 = 0 THEN 'album' ELSE 'playlist' END::savetype, true, false,
       timestamp '2024-06-05' - (p % 60) * interval '1 day' - interval '2 hours', '0xtpskews'
FROM generate_series(1, 40000) p;

INSERT INTO aggregate_playlist (playlist_id, repost_count, save_count)
SELECT p, 2 + CASE WHEN p = 1 THEN 3000 ELSE 0 END, 1 FROM generate_series(1, 40000) p;
