-- Issue 20's library of playlists and albums and its playlist updates, on the playlist plan tests' data
-- (after playlist_skew.sql and demo/sql/add_playlists.sql): user 8 saved 10,000 playlists and albums (of the
-- 40,000, a minute apart, before any was last updated), reposted 2,000 and bought 50 albums, and opened half of
-- the saved ones since (playlist_seen), so their updates are the other half.
INSERT INTO saves (user_id, save_item_id, save_type, is_current, is_delete, created_at, txhash)
SELECT 8, p, CASE WHEN p % 4 = 0 THEN 'album' ELSE 'playlist' END::savetype, true, false,
       timestamp '2023-06-01' + p * interval '1 minute', '0xlibplsave' || p
FROM generate_series(1, 10000) n, LATERAL (SELECT 4 * n - n % 4 AS p) pick
WHERE NOT EXISTS (SELECT 1 FROM saves s WHERE s.user_id = 8 AND s.save_item_id = p);
INSERT INTO reposts (user_id, repost_item_id, repost_type, is_current, is_delete, created_at, txhash)
SELECT 8, p, CASE WHEN p % 4 = 0 THEN 'album' ELSE 'playlist' END::reposttype, true, false,
       timestamp '2023-09-01' + p * interval '1 minute', '0xlibplrepost' || p
FROM generate_series(3, 40000, 20) p
WHERE NOT EXISTS (SELECT 1 FROM reposts r WHERE r.user_id = 8 AND r.repost_item_id = p);
INSERT INTO usdc_purchases (slot, signature, buyer_user_id, seller_user_id, amount, content_type, content_id,
                            created_at)
SELECT p, 'libplbuy' || p, 8, 5, 1000000, 'album', p, timestamp '2023-10-01' + p * interval '1 minute'
FROM generate_series(800, 40000, 800) p;
INSERT INTO playlist_seen (user_id, playlist_id, seen_at)
SELECT DISTINCT s.user_id, s.save_item_id, timestamp '2025-01-01'
FROM saves s WHERE s.user_id = 8 AND s.save_type <> 'track' AND s.save_item_id % 2 = 0;
ANALYZE saves;
ANALYZE reposts;
ANALYZE usdc_purchases;
ANALYZE playlist_seen;
