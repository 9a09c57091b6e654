-- Mutuals: the user's followers whom the viewer (%(my_id)s) follows, most followed first (upstream's
-- ORDER BY follower_count DESC; ties by user id). Upstream's Go API lists deactivated users here, unlike
-- its other user lists; we leave them out on every list alike.
-- Three ways to the page, picked by one-time filters: start from the viewer's followees when they are at
-- most %(few)s, else from the user's followers when those are, reading the set whole and sorting it (a
-- bounded sort); when both sets are large (two celebrities), walk users in follower-count order and
-- probe each for both follows, stopping at the page.
WITH sizes AS (
    SELECT coalesce((SELECT following_count FROM aggregate_user WHERE user_id = %(my_id)s), 0) AS following,
           coalesce((SELECT follower_count FROM aggregate_user WHERE user_id = %(user_id)s), 0) AS followers
)
SELECT user_id FROM (
    (SELECT au.user_id, au.follower_count
     FROM (SELECT me.followee_user_id AS candidate FROM follows me
           WHERE me.follower_user_id = %(my_id)s AND me.is_current AND NOT me.is_delete
           ORDER BY me.followee_user_id LIMIT %(few)s) c
     CROSS JOIN LATERAL (
         SELECT 1 FROM follows x
         WHERE x.follower_user_id = c.candidate AND x.followee_user_id = %(user_id)s
           AND x.is_current AND NOT x.is_delete
         LIMIT 1) hit
     JOIN aggregate_user au ON au.user_id = c.candidate
     WHERE (SELECT NOT u.is_deactivated FROM users u WHERE u.user_id = au.user_id AND u.is_current)
       AND (SELECT following FROM sizes) <= %(few)s
     ORDER BY au.follower_count DESC, au.user_id
     LIMIT %(limit)s OFFSET %(offset)s)
    UNION ALL
    (SELECT au.user_id, au.follower_count
     FROM (SELECT x.follower_user_id AS candidate FROM follows x
           WHERE x.followee_user_id = %(user_id)s AND x.is_current AND NOT x.is_delete
           ORDER BY x.follower_user_id LIMIT %(few)s) c
     CROSS JOIN LATERAL (
         SELECT 1 FROM follows me
         WHERE me.follower_user_id = %(my_id)s AND me.followee_user_id = c.candidate
           AND me.is_current AND NOT me.is_delete
         LIMIT 1) hit
     JOIN aggregate_user au ON au.user_id = c.candidate
     WHERE (SELECT NOT u.is_deactivated FROM users u WHERE u.user_id = au.user_id AND u.is_current)
       AND (SELECT following FROM sizes) > %(few)s AND (SELECT followers FROM sizes) <= %(few)s
     ORDER BY au.follower_count DESC, au.user_id
     LIMIT %(limit)s OFFSET %(offset)s)
    UNION ALL
    (SELECT au.user_id, au.follower_count
     FROM aggregate_user au
     CROSS JOIN LATERAL (
         SELECT 1 FROM follows x
         WHERE x.follower_user_id = au.user_id AND x.followee_user_id = %(user_id)s
           AND x.is_current AND NOT x.is_delete
         LIMIT 1) hit
     CROSS JOIN LATERAL (
         SELECT 1 FROM follows me
         WHERE me.follower_user_id = %(my_id)s AND me.followee_user_id = au.user_id
           AND me.is_current AND NOT me.is_delete
         LIMIT 1) mine
     WHERE (SELECT NOT u.is_deactivated FROM users u WHERE u.user_id = au.user_id AND u.is_current)
       AND (SELECT following FROM sizes) > %(few)s AND (SELECT followers FROM sizes) > %(few)s
     ORDER BY au.follower_count DESC, au.user_id
     LIMIT %(limit)s OFFSET %(offset)s)
) page
ORDER BY follower_count DESC, user_id
