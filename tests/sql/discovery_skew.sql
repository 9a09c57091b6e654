-- The skew of the curated lists (tests/test_discovery_plans.py), added to the 200,000-track large database:
-- user 20001 follows 2,000 users (more than the lists' 1,000-followee bound), each of whom saved and reposted
-- 60 tracks (more than the 20-per-followee bound): 120,000 saves and 120,000 reposts behind one viewer.
-- Track 7 has 100,000 downloads; 5,000 tracks of the last month are premium; 60,000 shares, 20,000 of them
-- of track 9.
INSERT INTO users (user_id, is_current, handle, handle_lc, wallet, created_at, updated_at, txhash)
VALUES (20001, true, 'skewviewer', 'skewviewer', '0x' || lpad(to_hex(20001), 40, '0'),
        timestamp '2024-01-01', timestamp '2024-01-01', '0xskewviewer');

INSERT INTO follows (follower_user_id, followee_user_id, is_current, is_delete, created_at, txhash)
SELECT 20001, n, true, false, timestamp '2024-01-01' + n * interval '1 minute', '0xskewdf' || n
FROM generate_series(1, 2000) n;

INSERT INTO saves (user_id, save_item_id, save_type, is_current, is_delete, created_at, txhash)
SELECT u, 1 + (u * 37 + k * 101) % 200000, 'track', true, false,
       timestamp '2025-01-01' + (u * 60 + k) * interval '1 second', '0xskewds' || u || '-' || k
FROM generate_series(1, 2000) u, generate_series(1, 60) k;

INSERT INTO reposts (user_id, repost_item_id, repost_type, is_current, is_delete, created_at, txhash)
SELECT u, 1 + (u * 53 + k * 211) % 200000, 'track', true, false,
       timestamp '2025-01-01' + (u * 60 + k) * interval '1 second', '0xskewdr' || u || '-' || k
FROM generate_series(1, 2000) u, generate_series(1, 60) k;

INSERT INTO track_downloads (txhash, parent_track_id, track_id, user_id, created_at)
SELECT '0xskewdl' || n, 7, 7, 1 + n % 20000, timestamp '2025-06-01' FROM generate_series(1, 100000) n
UNION ALL
SELECT '0xskewdm' || n, 8 + n % 150000, 8 + n % 150000, 1, timestamp '2025-06-01' FROM generate_series(1, 100000) n;

UPDATE tracks SET stream_conditions = '{"usdc_purchase": {"price": 100}}', is_stream_gated = true
WHERE track_id IN (SELECT track_id FROM tracks WHERE is_current
                   AND created_at > timestamp '2025-12-31' - interval '1 month' ORDER BY track_id LIMIT 5000);

INSERT INTO shares (user_id, share_item_id, share_type, created_at, txhash)
SELECT 1 + n % 20000, CASE WHEN n <= 20000 THEN 9 ELSE 1 + n % 200000 END, 'track',
       timestamp '2025-12-31' - (n % 90) * interval '1 day', '0xskewsh' || n
FROM generate_series(1, 60000) n;

ANALYZE;
