-- A list of users, most followed first (upstream's ORDER BY follower_count DESC; ties by user id, so pages
-- neither overlap nor skip). Deactivated members are left out, as upstream's Go API does. The variants fill
-- the list: @followers, @following, @reposts, @favorites (the list's size, its members, a probe of one user).
-- Two ways to the same page; the list's size picks one through one-time filters, so a generic plan holds
-- both and runs one. Up to %(few)s members are read whole and sorted (a bounded sort); past that, users are
-- walked in follower-count order (aggregate_user_by_followers_idx), each probed for membership, stopping at
-- the page. The size counts live rows, so the first read is never cut; it follows its index (in user id
-- order) so that the planner reads it through the index, not the table. A member's standing is probed per
-- row (a subquery, not a join), so no plan hashes the whole users table for a page.
WITH listed AS (
    SELECT coalesce((/*@size*/), 0) AS n
)
SELECT user_id FROM (
    (SELECT au.user_id, au.follower_count
     FROM (/*@members*/
           ORDER BY 1 LIMIT %(few)s) m (member)
     JOIN aggregate_user au ON au.user_id = m.member
     WHERE (SELECT NOT u.is_deactivated FROM users u WHERE u.user_id = au.user_id AND u.is_current)
       AND (SELECT n FROM listed) <= %(few)s
     ORDER BY au.follower_count DESC, au.user_id
     LIMIT %(limit)s OFFSET %(offset)s)
    UNION ALL
    (SELECT au.user_id, au.follower_count
     FROM aggregate_user au
     CROSS JOIN LATERAL (
         /*@probe*/
         LIMIT 1) hit
     WHERE (SELECT NOT u.is_deactivated FROM users u WHERE u.user_id = au.user_id AND u.is_current)
       AND (SELECT n FROM listed) > %(few)s
     ORDER BY au.follower_count DESC, au.user_id
     LIMIT %(limit)s OFFSET %(offset)s)
) page
ORDER BY follower_count DESC, user_id
