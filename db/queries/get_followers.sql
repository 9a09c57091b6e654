-- A user's followers, most followed first (upstream's ORDER BY follower_count DESC; ties by user id, so
-- pages neither overlap nor skip). Deactivated followers are left out, as upstream's Go API does.
-- Two ways to the same page; the user's follower count picks one through one-time filters, so a generic
-- plan holds both and runs one. Up to %(few)s followers are read whole and sorted (a bounded sort); past
-- that, users are walked in follower-count order (aggregate_user_by_followers_idx), each probed for a
-- follow, stopping at the page. follower_count counts live follow rows, so the first read is never cut;
-- it follows the index (in user id order) so that the planner reads it through the index, not the table.
-- A member's standing is probed per row (a subquery, not a join), so no plan hashes the whole users table
-- for a page.
WITH listed AS (
    SELECT coalesce((SELECT follower_count FROM aggregate_user WHERE user_id = %(user_id)s), 0) AS n
)
SELECT user_id FROM (
    (SELECT au.user_id, au.follower_count
     FROM (SELECT f.follower_user_id FROM follows f
           WHERE f.followee_user_id = %(user_id)s AND f.is_current AND NOT f.is_delete
           ORDER BY f.follower_user_id LIMIT %(few)s) f
     JOIN aggregate_user au ON au.user_id = f.follower_user_id
     WHERE (SELECT NOT u.is_deactivated FROM users u WHERE u.user_id = au.user_id AND u.is_current)
       AND (SELECT n FROM listed) <= %(few)s
     ORDER BY au.follower_count DESC, au.user_id
     LIMIT %(limit)s OFFSET %(offset)s)
    UNION ALL
    (SELECT au.user_id, au.follower_count
     FROM aggregate_user au
     CROSS JOIN LATERAL (
         SELECT 1 FROM follows f
         WHERE f.follower_user_id = au.user_id AND f.followee_user_id = %(user_id)s
           AND f.is_current AND NOT f.is_delete
         LIMIT 1) hit
     WHERE (SELECT NOT u.is_deactivated FROM users u WHERE u.user_id = au.user_id AND u.is_current)
       AND (SELECT n FROM listed) > %(few)s
     ORDER BY au.follower_count DESC, au.user_id
     LIMIT %(limit)s OFFSET %(offset)s)
) page
ORDER BY follower_count DESC, user_id
