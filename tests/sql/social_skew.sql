-- The skewed social graph of real data, for the user-list plan tests (tests/test_social_plans.py):
-- 120,000 users; user 1 has 100,000 followers; users 2 and 3 have 50,000 followers each and user 3 follows
-- 50,000 users, 31,000 of them user 2's followers (mutuals of 2 as 3 sees them); track 1 has 50,000
-- reposts and 50,000 saves (50,000 other tracks have two reposts each). Every other user follows one of
-- users 4..1000, so follower counts spread out and the most followed users are not the celebrities'
-- followers (a walk in follower-count order has to pass them).
INSERT INTO users (user_id, is_current, handle, handle_lc, wallet, created_at, updated_at, txhash)
SELECT n, true, 'skew' || n, 'skew' || n, '0x' || lpad(to_hex(n), 40, '0'),
       timestamp '2024-01-01' + n * interval '1 minute', timestamp '2024-01-01' + n * interval '1 minute',
       '0xskewu' || n
FROM generate_series(1, 120000) n;

INSERT INTO tracks (track_id, is_current, is_delete, owner_id, title, genre, created_at, updated_at, txhash)
VALUES (1, true, false, 1, 'Skewed', 'Electronic', timestamp '2024-01-01', timestamp '2024-01-01', '0xskewt1');

INSERT INTO follows (follower_user_id, followee_user_id, is_current, is_delete, created_at, txhash)
SELECT follower, followee, true, false, timestamp '2024-01-01', '0xskewf' || follower || '-' || followee
FROM (
    SELECT n AS follower, 1 AS followee FROM generate_series(1001, 101000) n
    UNION ALL SELECT n, 2 FROM generate_series(1001, 51000) n
    UNION ALL SELECT n, 3 FROM generate_series(26001, 76000) n
    UNION ALL SELECT 3, n FROM generate_series(20001, 70000) n
    UNION ALL SELECT n, 4 + n % 997 FROM generate_series(1, 120000) n WHERE 4 + n % 997 <> n
    UNION ALL SELECT 1001, 1500  -- user 1001 follows four users, one of them a follower of user 1
) f;

INSERT INTO reposts (user_id, repost_item_id, repost_type, is_current, is_delete, created_at, txhash)
SELECT n, 1, 'track'::reposttype, true, false, timestamp '2024-01-01', '0xskewr' || n FROM generate_series(1001, 51000) n
-- and 50,000 other tracks get two reposts each, so aggregate_track is a table the planner must index into
UNION ALL SELECT n, 2 + n % 50000, 'track', true, false, timestamp '2024-01-01', '0xskewr' || n || 'x'
FROM generate_series(1, 100000) n;

INSERT INTO saves (user_id, save_item_id, save_type, is_current, is_delete, created_at, txhash)
SELECT n, 1, 'track', true, false, timestamp '2024-01-01', '0xskews' || n FROM generate_series(51001, 101000) n;

ANALYZE;
