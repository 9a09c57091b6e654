-- The skewed comments of real data, for the comment plan tests (tests/test_comment_plans.py): 30,000 users;
-- track 1 (by user 1) has 50,000 top-level comments, 50,000 reactions among them, and its first comment a
-- thread of 10,000 replies; user 2 wrote 20,000 comments over 2,000 tracks (every tenth unlisted); the other
-- 20,000 tracks have three comments each, over the last weeks (the catalogue's recent comments). Some mutes
-- and reports, so the viewer filters have rows to probe.
INSERT INTO users (user_id, is_current, handle, handle_lc, wallet, created_at, updated_at, txhash)
SELECT n, true, 'cskew' || n, 'cskew' || n, '0x' || lpad(to_hex(n), 40, '0'),
       timestamp '2024-01-01' + n * interval '1 minute', timestamp '2024-01-01' + n * interval '1 minute',
       '0xcskewu' || n
FROM generate_series(1, 30000) n;

INSERT INTO tracks (track_id, is_current, is_delete, is_unlisted, owner_id, title, genre, created_at, updated_at,
                    txhash)
SELECT n, true, false, n BETWEEN 2 AND 2001 AND n % 10 = 0, 1 + n % 500, 'Skewed ' || n, 'Electronic',
       timestamp '2024-01-01', timestamp '2024-01-01', '0xcskewt' || n
FROM generate_series(1, 22001) n;

-- Track 1's comments: ids 1..50,000, a minute apart, pointing all over the track.
INSERT INTO comments (comment_id, text, user_id, entity_id, entity_type, track_timestamp_s, created_at, updated_at,
                      txhash, blockhash)
SELECT n, 'c' || n, 3 + n % 29000, 1, 'Track', CASE WHEN n % 7 = 0 THEN NULL ELSE n % 300 END,
       timestamp '2025-01-01' + n * interval '1 minute', timestamp '2025-01-01' + n * interval '1 minute',
       '0xcskewc' || n, '0xb'
FROM generate_series(1, 50000) n;

-- Comment 1's thread: 10,000 replies (ids 100,001..110,000).
INSERT INTO comments (comment_id, text, user_id, entity_id, entity_type, created_at, updated_at, txhash, blockhash)
SELECT 100000 + n, 'r' || n, 3 + n % 29000, 1, 'Track', timestamp '2025-02-01' + n * interval '1 second',
       timestamp '2025-02-01' + n * interval '1 second', '0xcskewr' || n, '0xb'
FROM generate_series(1, 10000) n;
INSERT INTO comment_threads (comment_id, parent_comment_id) SELECT 100000 + n, 1 FROM generate_series(1, 10000) n;

-- User 2's 20,000 comments (ids 200,001..220,000), ten on each of tracks 2..2001.
INSERT INTO comments (comment_id, text, user_id, entity_id, entity_type, created_at, updated_at, txhash, blockhash)
SELECT 200000 + n, 'u' || n, 2, 2 + n % 2000, 'Track', timestamp '2025-03-01' + n * interval '1 minute',
       timestamp '2025-03-01' + n * interval '1 minute', '0xcskewu' || n, '0xb'
FROM generate_series(1, 20000) n;

-- The catalogue: three comments on each of tracks 2,002..22,001, in the last three weeks.
INSERT INTO comments (comment_id, text, user_id, entity_id, entity_type, created_at, updated_at, txhash, blockhash)
SELECT 300000 + n, 'k' || n, 3 + n % 29000, 2002 + n % 20000, 'Track',
       (now() AT TIME ZONE 'UTC') - n * interval '30 seconds', (now() AT TIME ZONE 'UTC') - n * interval '30 seconds',
       '0xcskewk' || n, '0xb'
FROM generate_series(1, 60000) n;

-- 50,000 reactions on track 1's comments (more on the lower ids), so the top sort has a spread.
INSERT INTO comment_reactions (comment_id, user_id, created_at, updated_at, txhash)
SELECT 1 + ((n::bigint * n) % 50000)::int, 3 + n % 29000, timestamp '2025-06-01', timestamp '2025-06-01', '0xcskewx' || n
FROM generate_series(1, 50000) n
ON CONFLICT DO NOTHING;

-- Viewer 3 muted 200 users, the track's owner 100; 500 comments are reported.
INSERT INTO muted_users (muted_user_id, user_id, created_at, updated_at, txhash)
SELECT 10 + n, 3, timestamp '2025-06-01', timestamp '2025-06-01', '0xcskewm' || n FROM generate_series(1, 200) n
UNION ALL
SELECT 5000 + n, 1, timestamp '2025-06-01', timestamp '2025-06-01', '0xcskewo' || n FROM generate_series(1, 100) n;
INSERT INTO comment_reports (comment_id, user_id, created_at, updated_at, txhash)
SELECT n * 100, 4 + n, timestamp '2025-06-01', timestamp '2025-06-01', '0xcskewp' || n FROM generate_series(1, 500) n;

ANALYZE;
