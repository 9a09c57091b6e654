-- Subscriptions and comment replies over a seeded catalogue (the demo seed writes neither), so the load
-- bench's subscribers and replies rows read real lists, not empty ones. Statements split on blank lines,
-- run once (bench/load.py with_social: a database with subscriptions is left as it is).
-- The 100 most followed users each get up to 2,000 of their followers as subscribers (lowest ids first).
INSERT INTO subscriptions (subscriber_id, user_id, is_current, is_delete, created_at, txhash)
SELECT f.follower_user_id, s.user_id, true, false, f.created_at, '0xbenchsub'
FROM (SELECT user_id FROM aggregate_user ORDER BY follower_count DESC, user_id LIMIT 100) s
CROSS JOIN LATERAL (
    SELECT fo.follower_user_id, fo.created_at FROM follows fo
    WHERE fo.followee_user_id = s.user_id AND fo.is_current AND NOT fo.is_delete
    ORDER BY fo.follower_user_id
    LIMIT 2000
) f
ON CONFLICT DO NOTHING;

-- The oldest top-level comment of each of the 200 most commented tracks gets 30 replies, one a minute after
-- it, by users drawn over all of them; comment_threads' trigger sets each reply's parent and the counts.
CREATE TEMP TABLE bench_replies ON COMMIT DROP AS
SELECT (SELECT max(comment_id) FROM comments) + row_number() OVER (ORDER BY t.comment_id, k) AS comment_id,
       t.comment_id AS parent_comment_id, t.entity_id,
       1 + (t.comment_id * 17 + k * 31) % (SELECT max(user_id) FROM users) AS user_id,
       t.created_at + k * interval '1 minute' AS created_at
FROM (
    SELECT DISTINCT ON (c.entity_id) c.comment_id, c.entity_id, c.created_at
    FROM comments c
    WHERE c.entity_type = 'Track' AND c.parent_comment_id IS NULL AND NOT coalesce(c.is_delete, false)
      AND c.entity_id IN (SELECT entity_id FROM comments WHERE entity_type = 'Track'
                          GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 200)
    ORDER BY c.entity_id, c.created_at, c.comment_id
) t
CROSS JOIN generate_series(1, 30) k;

INSERT INTO comments (comment_id, text, user_id, entity_id, entity_type, created_at, updated_at, txhash,
                      blockhash, blocknumber)
SELECT r.comment_id, 'Reply ' || r.comment_id, r.user_id, r.entity_id, 'Track', r.created_at, r.created_at,
       '0xbenchreply' || r.comment_id, '0xbench', 1
FROM bench_replies r
JOIN users u ON u.user_id = r.user_id AND u.is_current;

INSERT INTO comment_threads (comment_id, parent_comment_id)
SELECT r.comment_id, r.parent_comment_id FROM bench_replies r
WHERE EXISTS (SELECT 1 FROM comments c WHERE c.comment_id = r.comment_id)
