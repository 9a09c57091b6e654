-- The skewed events of real data, for the event plan tests (tests/test_event_plans.py): 220,000 events
-- (mostly remix contests, a fifth live events, a hundred new releases; one in a hundred deleted), their
-- end dates spread over 400 days either side of now; user 7 hosts 20,000 contests; event 1 (a contest) has
-- 50,000 top-level comments and 5,000 replies (each tenth comment answers the one before it) and 100,000
-- followers, among 120,000 other comments, 20,000 other event follows and 200,000 user subscriptions. Tracks: a tenth unlisted, one in fifty deleted; users: one in 97 deactivated.
INSERT INTO users (user_id, is_current, handle, handle_lc, wallet, is_deactivated, created_at, updated_at, txhash)
SELECT n, true, 'ev' || n, 'ev' || n, '0x' || lpad(to_hex(n), 40, '0'), n % 97 = 0 AND n NOT IN (1, 7),
       timestamp '2024-01-01' + n * interval '1 minute', timestamp '2024-01-01' + n * interval '1 minute',
       '0xevu' || n
FROM generate_series(1, 110000) n;

INSERT INTO follows (follower_user_id, followee_user_id, is_current, is_delete, created_at, txhash)
SELECT n, 4 + n % 997, true, false, timestamp '2024-01-01', '0xevf' || n
FROM generate_series(1, 110000) n WHERE 4 + n % 997 <> n;

INSERT INTO tracks (track_id, is_current, is_delete, is_unlisted, owner_id, title, genre, created_at, updated_at,
                    txhash)
SELECT n, true, n % 50 = 1 AND n > 1, n % 10 = 0, CASE WHEN n = 1 THEN 1 ELSE 10 + n % 30000 END, 'Track ' || n,
       'Electronic', timestamp '2024-01-01' + n * interval '1 minute', timestamp '2024-01-01', '0xevt' || n
FROM generate_series(1, 40000) n;

-- Remixes: track 3 (the track of contest 2) has 20,000, a thousand other tracks ten each.
INSERT INTO remixes (parent_track_id, child_track_id)
SELECT 3, n FROM generate_series(10001, 30000) n
UNION ALL
SELECT 1 + n % 1000, n FROM generate_series(30001, 40000) n;

INSERT INTO events (event_id, event_type, user_id, entity_type, entity_id, end_date, is_deleted, event_data,
                    created_at, updated_at, txhash, blockhash)
SELECT n,
       (CASE WHEN n = 1 THEN 'remix_contest' WHEN n % 2000 = 7 THEN 'new_release' WHEN n % 5 = 0 THEN 'live_event'
             ELSE 'remix_contest' END)::event_type,
       CASE WHEN n = 1 THEN 1 WHEN n > 200000 THEN 7 ELSE 10 + n % 30000 END,
       'track', CASE WHEN n = 1 THEN 1 ELSE 1 + n % 40000 END,
       (now() AT TIME ZONE 'UTC') + ((n % 801) - 400) * interval '1 day' + (n % 1440) * interval '1 minute',
       n % 100 = 0, '{}'::jsonb,
       timestamp '2024-01-01' + n * interval '1 minute', timestamp '2024-01-01' + n * interval '1 minute',
       '0xeve' || n, '0xb'
FROM generate_series(1, 220000) n;

INSERT INTO comments (comment_id, text, user_id, entity_id, entity_type, created_at, updated_at, txhash, blockhash)
SELECT n, 'c' || n,
       1000 + n % 100000,
       CASE WHEN n <= 55000 THEN 1 WHEN n <= 75000 THEN 2 + n % 1000 ELSE 1 + n % 40000 END,
       CASE WHEN n <= 75000 THEN 'Event' ELSE 'Track' END,
       timestamp '2024-01-01' + n * interval '1 second', timestamp '2024-01-01' + n * interval '1 second',
       '0xevc' || n, '0xb'
FROM generate_series(1, 175000) n;
INSERT INTO comment_threads (comment_id, parent_comment_id)
SELECT n, n - 1 FROM generate_series(10, 55000, 11) n;
INSERT INTO comment_reactions (comment_id, user_id, created_at, updated_at, txhash)
SELECT 1 + n % 55000, 1000 + n, timestamp '2024-01-01', timestamp '2024-01-01', '0xevr' || n
FROM generate_series(1, 30000) n;

INSERT INTO subscriptions (subscriber_id, user_id, entity_type, entity_id, is_current, is_delete, created_at, txhash)
SELECT n, 1, 'Event', 1, true, false, timestamp '2024-01-01', '0xevs' || n FROM generate_series(1001, 101000) n
UNION ALL
SELECT n, 2 + n % 1000, 'Event', 2 + n % 1000, true, false, timestamp '2024-01-01', '0xevs' || n || 'x'
FROM generate_series(1, 20000) n
UNION ALL
SELECT n % 110000 + 1, (n * 7) % 110000 + 1, 'User', NULL, true, false, timestamp '2024-01-01', '0xevsu' || n
FROM generate_series(1, 200000) n;

ANALYZE;
