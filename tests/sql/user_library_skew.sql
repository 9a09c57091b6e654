-- The skewed cases of issue 18's library and user-track operations, added to a copy of the large test
-- database (tests/test_query_plans_library.py): user 1 with 10,000 favorites, user 2 with 50,000 plays of
-- 5,000 tracks, user 3 whose 100 tracks have 20,000 remixes by other artists, user 4 named as AI-training
-- artist by 2,000 tracks; and (issue 20) user 1's 3,000 reposts and 200 purchases. Plays go through the plays trigger, as the indexer's batches do.
INSERT INTO saves (user_id, save_item_id, save_type, is_current, is_delete, created_at, blocknumber, txhash)
SELECT 1, 1 + (n * 7919) % 200000, 'track', true, false, timestamp '2024-01-01' + n * interval '7 minutes',
       1000000 - n, '0xlibsave' || n
FROM generate_series(1, 10000) n
ON CONFLICT DO NOTHING;

INSERT INTO plays (user_id, play_item_id, created_at, source)
SELECT 2, 1 + (n % 5000) * 37, timestamp '2024-01-01' + n * interval '3 minutes', 'skew'
FROM generate_series(1, 50000) n;

INSERT INTO tracks (track_id, is_current, is_delete, owner_id, title, genre, tags, created_at, updated_at, txhash)
SELECT 950000 + n, true, false, 3, 'Remixed ' || n, 'Electronic', 'house,deep', timestamp '2024-06-01',
       timestamp '2024-06-01', '0xlibremixed' || n
FROM generate_series(0, 99) n;
INSERT INTO remixes (parent_track_id, child_track_id)
SELECT 950000 + n % 100, 1000 + n FROM generate_series(1, 20000) n
ON CONFLICT DO NOTHING;

UPDATE tracks SET ai_attribution_user_id = 4 WHERE track_id % 100 = 7 AND track_id < 200000;

-- Remix links among the seeded tracks, so user 3's remixes are a tenth of the table (as in
-- remix_listener_skew.sql).
INSERT INTO remixes (parent_track_id, child_track_id)
SELECT 1 + (n * 7919) % 200000, 1 + n % 200000 FROM generate_series(1, 170000) n
ON CONFLICT DO NOTHING;

-- Issue 20's library: user 1 also reposted 3,000 tracks (a third of them saved too, some later than the save)
-- and bought 200, so their library of tracks merges 13,200 actions into about 12,000 entries.
INSERT INTO reposts (user_id, repost_item_id, repost_type, is_current, is_delete, created_at, blocknumber, txhash)
SELECT 1, 1 + (n * 7919 * 3) % 200000, 'track', true, false, timestamp '2024-01-01' + n * interval '20 minutes',
       1000000 - n, '0xlibrepost' || n
FROM generate_series(1, 3000) n
ON CONFLICT DO NOTHING;
INSERT INTO usdc_purchases (slot, signature, buyer_user_id, seller_user_id, amount, content_type, content_id,
                            created_at)
SELECT n, 'libbuy' || n, 1, 2, 1000000, 'track', 1 + (n * 7919 * 5) % 200000,
       timestamp '2024-01-01' + n * interval '5 hours'
FROM generate_series(1, 200) n;

ANALYZE saves;
ANALYZE reposts;
ANALYZE usdc_purchases;
ANALYZE plays;
ANALYZE tracks;
ANALYZE remixes;
