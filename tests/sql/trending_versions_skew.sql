-- The skewed cases of issue 19's operations, added to a copy of the large test database
-- (tests/test_trending_versions_plans.py): 800,000 more tracks (1,000,000 in all), each scored all time in
-- both versions and a tenth of them this week, of which 50 are for sale in USDC; 100,000 with feeling lucky's
-- 250 plays; a listener who heard 20,000 tracks; 200 weeks of stored winners.
INSERT INTO tracks (track_id, is_current, is_delete, owner_id, title, genre, created_at, updated_at, txhash,
                    stream_conditions)
SELECT 1000000 + n, true, false, 1 + n % 20000, 'Skew ' || n, (ARRAY['Electronic', 'Jazz', 'Rock', 'Pop'])[1 + n % 4],
       timestamp '2025-01-01' + n * interval '10 seconds', timestamp '2025-01-01' + n * interval '10 seconds',
       '0xtv' || n, CASE WHEN n % 16000 = 0 THEN '{"usdc_purchase": {"price": 100, "splits": []}}'::jsonb END
FROM generate_series(1, 800000) n;

INSERT INTO track_trending_scores (track_id, type, genre, version, time_range, score, usdc_purchase, created_at)
SELECT 1000000 + n, 'TRACKS', (ARRAY['Electronic', 'Jazz', 'Rock', 'Pop'])[1 + n % 4], v, r,
       (n::bigint * 7919 % 1000003)::float8 / 1000, n % 16000 = 0, timestamp '2026-01-01'
FROM generate_series(1, 800000) n, (VALUES ('pnagD'), ('AnlGe')) vs (v), (VALUES ('allTime'), ('week')) rs (r)
WHERE r = 'allTime' OR n % 10 = 0;

INSERT INTO aggregate_plays (play_item_id, count)
SELECT 1000000 + n, 250 + n % 1000 FROM generate_series(1, 800000, 8) n
ON CONFLICT (play_item_id) DO UPDATE SET count = EXCLUDED.count;
INSERT INTO aggregate_plays (play_item_id, count)
SELECT 1000000 + n, 1 + n % 200 FROM generate_series(2, 800000, 8) n
ON CONFLICT (play_item_id) DO UPDATE SET count = EXCLUDED.count;

-- User 20001 heard 20,000 of the new tracks; user 20002 three.
INSERT INTO users (user_id, is_current, handle, handle_lc, wallet, name, created_at, updated_at, txhash)
VALUES (20001, true, 'heavy_listener', 'heavy_listener', '0xheavy', 'Heavy', '2024-01-01', '2024-01-01', '0xh1'),
       (20002, true, 'light_listener', 'light_listener', '0xlight', 'Light', '2024-01-01', '2024-01-01', '0xh2');
INSERT INTO track_listeners (track_id, user_id, listen_hours)
SELECT 1000000 + n * 40, 20001, 1 + n % 50 FROM generate_series(1, 20000) n;
INSERT INTO track_listeners (track_id, user_id, listen_hours)
SELECT 1000000 + n * 40, 20002, 1 FROM generate_series(1, 3) n;

INSERT INTO trending_results (user_id, id, rank, type, version, week)
SELECT 1, (1000000 + w * 10 + r)::text, r, k, 'pnagD', date '2022-01-07' + w * 7
FROM generate_series(0, 199) w, generate_series(1, 10) r, (VALUES ('TRACKS'), ('UNDERGROUND_TRACKS')) ks (k);
ANALYZE;
