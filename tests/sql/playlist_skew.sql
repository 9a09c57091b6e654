-- The skewed playlists of real data, for the playlist plan tests (tests/test_playlist_plans.py): 20,000
-- users, 100,000 tracks (one in twenty unlisted, one play row each), then demo/sql/add_playlists.sql's
-- 40,000 playlists (run by the test with its parameters): user 5 owns 2,000 of them and playlist 1 lists
-- 5,000 tracks and has 3,000 reposters and savers. Viewer 7 follows 100 users.
INSERT INTO users (user_id, is_current, handle, handle_lc, wallet, created_at, updated_at, txhash)
SELECT n, true, 'plskew' || n, 'plskew' || n, '0x' || lpad(to_hex(n), 40, '0'),
       timestamp '2024-01-01' + n * interval '1 minute', timestamp '2024-01-01' + n * interval '1 minute',
       '0xplskewu' || n
FROM generate_series(1, 20000) n;

INSERT INTO tracks (track_id, is_current, is_delete, owner_id, title, genre, is_unlisted, created_at, updated_at,
                    txhash)
SELECT n, true, false, 1 + n % 20000, 'Skewed ' || n, 'Electronic', n % 20 = 0, timestamp '2024-01-01',
       timestamp '2024-01-01', '0xplskewt' || n
FROM generate_series(1, 100000) n;

INSERT INTO plays (user_id, play_item_id, created_at, source)
SELECT 1 + n % 20000, n, timestamp '2024-02-01', 'relay' FROM generate_series(1, 100000) n;

INSERT INTO follows (follower_user_id, followee_user_id, is_current, is_delete, created_at, txhash)
SELECT 7, n, true, false, timestamp '2024-01-01', '0xplskewf' || n FROM generate_series(100, 10000, 100) n;

-- Enough of the social graph and of the collaborations that the planner indexes into them: every user follows
-- three others, and one track in twenty has an invited collaborator.
INSERT INTO follows (follower_user_id, followee_user_id, is_current, is_delete, created_at, txhash)
SELECT n, 1 + (n * k * 7919) % 20000, true, false, timestamp '2024-01-01', '0xplskewf' || n || '-' || k
FROM generate_series(1, 20000) n, generate_series(1, 3) k
WHERE n <> 7 AND 1 + (n * k * 7919) % 20000 <> n
ON CONFLICT DO NOTHING;

INSERT INTO track_collaborators (track_id, collaborator_user_id, invited_by, status, created_at, updated_at,
                                 txhash)
SELECT n, 1 + (n * 13) % 20000, 1 + n % 20000, CASE WHEN n % 3 = 0 THEN 'pending' ELSE 'accepted' END,
       timestamp '2024-01-01', timestamp '2024-01-01', '0xplskewc' || n
FROM generate_series(20, 100000, 20) n
WHERE 1 + (n * 13) % 20000 <> 1 + n % 20000;
