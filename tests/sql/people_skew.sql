-- The skew of real data for the people plan tests (tests/test_people_plans.py), on top of social_skew.sql
-- (120,000 users; user 1 has 100,000 followers, users 4..1000 about 120 each, 20001..70000 one each):
-- 60,000 artists, four in five of them Electronic (one genre holds 48,000 users); user 1 has 100,000
-- subscribers and muted 5,000 users; user 1's wallet was granted by 5,000 users; user 1 saved 2,000
-- playlists and owns 1,000.
INSERT INTO tracks (track_id, is_current, is_delete, owner_id, title, genre, created_at, updated_at, txhash)
SELECT n + 1, true, false, n, 'Artist ' || n, CASE WHEN n % 5 = 0 THEN 'Pop' ELSE 'Electronic' END,
       timestamp '2024-01-01', timestamp '2024-01-01', '0xpeoplet' || n
FROM generate_series(2, 60001) n;

INSERT INTO subscriptions (subscriber_id, user_id, is_current, is_delete, txhash)
SELECT n, 1, true, false, '0xpeoplesub' || n FROM generate_series(10001, 110000) n
UNION ALL SELECT n, 2 + n % 1000, true, false, '0xpeoplesubx' || n FROM generate_series(1, 20000) n;

INSERT INTO muted_users (muted_user_id, user_id, created_at, updated_at, txhash)
SELECT n, 1, timestamp '2024-01-01', timestamp '2024-01-01', '0xpeoplemute' || n FROM generate_series(2, 5001) n
UNION ALL SELECT 1 + n % 100, n, timestamp '2024-01-01', timestamp '2024-01-01', '0xpeoplemutex' || n
FROM generate_series(6000, 30000) n;

INSERT INTO grants (grantee_address, user_id, is_revoked, is_current, is_approved, created_at, updated_at, txhash)
SELECT '0x' || lpad(to_hex(1), 40, '0'), n, n % 10 = 0, true, n % 7 <> 0,
       timestamp '2024-01-01' + n * interval '1 second', timestamp '2024-01-01', '0xpeopleg' || n
FROM generate_series(2, 5001) n
UNION ALL SELECT '0x' || lpad(to_hex(n), 40, '0'), n + 1, false, true, true, timestamp '2024-01-01',
       timestamp '2024-01-01', '0xpeoplegx' || n
FROM generate_series(5002, 60000) n;

INSERT INTO playlists (playlist_id, playlist_owner_id, is_album, is_private, playlist_name, is_current, is_delete,
                       created_at, updated_at, txhash)
SELECT n, CASE WHEN n <= 1000 THEN 1 ELSE n END, n % 3 = 0, n % 11 = 0, 'List ' || n, true, false,
       timestamp '2024-01-01' + n * interval '1 minute', timestamp '2024-01-01', '0xpeoplep' || n
FROM generate_series(1, 50000) n;

INSERT INTO playlist_routes (slug, title_slug, collision_id, owner_id, playlist_id, is_current, txhash)
SELECT 'list-' || n, 'list-' || n, 0, CASE WHEN n <= 1000 THEN 1 ELSE n END, n, true, '0xpeoplepr' || n
FROM generate_series(1, 50000) n;

INSERT INTO saves (user_id, save_item_id, save_type, is_current, is_delete, created_at, txhash)
SELECT 1, n, 'playlist', true, false, timestamp '2024-01-01', '0xpeoplesave' || n FROM generate_series(20001, 22000) n;

ANALYZE;
