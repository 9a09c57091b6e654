-- The skewed activity of real data, for the reposts and feed plan tests (tests/test_activity_plans.py), set
-- based and cheap. "Now" is 2025-01-01. 20,000 users; user 20000 is deactivated.
-- - 200 daily posters (users 10..209): a track a day for a year (73,000 tracks) and a playlist a week;
--   300 daily reposters (users 210..509): a track repost a day for a year (109,500 reposts).
-- - Viewer 7 follows 5,000 users (10..5009, the daily posters and reposters among them); viewer 8 follows 3.
-- - User 9 reposted 20,000 tracks (one in twenty unlisted, one in fifty deleted), 2,000 playlists, 500 albums.
-- - 27,000 other tracks over two years, and every user follows three others.
-- The plans read no aggregate, so the aggregate triggers are off while seeding (the dominant-genre trigger
-- alone took minutes over 100,000 fresh tracks).
SET session_replication_role = replica;

INSERT INTO users (user_id, is_current, handle, handle_lc, wallet, is_deactivated, created_at, updated_at, txhash)
SELECT n, true, 'acskew' || n, 'acskew' || n, '0x' || lpad(to_hex(n), 40, '0'), n = 20000,
       timestamp '2023-01-01', timestamp '2023-01-01', '0xacskewu' || n
FROM generate_series(1, 20000) n;

INSERT INTO tracks (track_id, is_current, is_delete, owner_id, title, genre, is_unlisted, created_at, updated_at,
                    txhash)
SELECT n, true, n % 50 = 0, owner, 'Skewed ' || n, 'Electronic', n % 20 = 0, at, at, '0xacskewt' || n
FROM (
    SELECT n, 10 + (n - 1) % 200 AS owner,
           timestamp '2025-01-01' - ((n - 1) / 200) * interval '1 day' - ((n - 1) % 200) * interval '1 minute' AS at
    FROM generate_series(1, 73000) n
    UNION ALL
    SELECT n, 1 + (n * 7919) % 20000, timestamp '2025-01-01' - (n % 730) * interval '1 day' - interval '1 hour'
    FROM generate_series(73001, 100000) n
) t;

INSERT INTO playlists (playlist_id, playlist_owner_id, is_album, is_private, is_current, is_delete, playlist_name,
                       playlist_contents, created_at, updated_at, txhash)
SELECT n, 10 + (n - 1) % 200, n % 3 = 0, n % 10 = 7, true, false, 'Skewed playlist ' || n, '{"track_ids": []}',
       timestamp '2025-01-01' - ((n - 1) / 200) * interval '7 days' - interval '2 hours',
       timestamp '2025-01-01', '0xacskewp' || n
FROM generate_series(1, 10400) n;

INSERT INTO reposts (user_id, repost_item_id, repost_type, is_current, is_delete, created_at, txhash)
SELECT 210 + (n - 1) % 300, 1 + (n::bigint * 104729) % 100000, 'track'::reposttype, true, false,
       timestamp '2025-01-01' - ((n - 1) / 300) * interval '1 day' - ((n - 1) % 300) * interval '1 minute'
           - interval '30 seconds',
       '0xacskewr' || n
FROM generate_series(1, 109500) n
UNION ALL
SELECT 9, n, 'track', true, false, timestamp '2025-01-01' - n * interval '10 minutes', '0xacskewh' || n
FROM generate_series(1, 20000) n
UNION ALL
SELECT 9, n, CASE WHEN n % 3 = 0 THEN 'album' ELSE 'playlist' END::reposttype, true, false,
       timestamp '2025-01-01' - n * interval '13 minutes', '0xacskewhp' || n
FROM generate_series(1, 3000) n;

INSERT INTO follows (follower_user_id, followee_user_id, is_current, is_delete, created_at, txhash)
SELECT 7, n, true, false, timestamp '2024-01-01', '0xacskewf' || n FROM generate_series(10, 5009) n
UNION ALL
SELECT 8, n, true, false, timestamp '2024-01-01', '0xacskewf8-' || n FROM unnest(ARRAY[10, 300, 6000]) n;

INSERT INTO follows (follower_user_id, followee_user_id, is_current, is_delete, created_at, txhash)
SELECT n, 1 + (n * k * 7919) % 20000, true, false, timestamp '2024-01-01', '0xacskewf' || n || '-' || k
FROM generate_series(1, 20000) n, generate_series(1, 3) k
WHERE n NOT IN (7, 8) AND 1 + (n * k * 7919) % 20000 <> n
ON CONFLICT DO NOTHING;

-- One unlisted track in twenty has an invited collaborator, viewer 7 among them.
INSERT INTO track_collaborators (track_id, collaborator_user_id, invited_by, status, created_at, updated_at, txhash)
SELECT n, CASE WHEN n % 400 = 0 THEN 7 ELSE 1 + (n * 13) % 20000 END, 1, 'pending',
       timestamp '2024-01-01', timestamp '2024-01-01', '0xacskewc' || n
FROM generate_series(20, 100000, 20) n;

RESET session_replication_role;
