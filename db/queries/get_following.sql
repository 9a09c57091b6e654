-- The users a user follows, most followed first (upstream's ORDER BY follower_count DESC; ties by user
-- id). Deactivated followees are left out, as upstream's Go API does. The two ways to the page are
-- get_followers.sql's, keyed on the user's following count: read whole and sort up to %(few)s followees,
-- else walk users in follower-count order and probe each for the user's follow.
WITH listed AS (
    SELECT coalesce((SELECT following_count FROM aggregate_user WHERE user_id = %(user_id)s), 0) AS n
)
SELECT user_id FROM (
    (SELECT au.user_id, au.follower_count
     FROM (SELECT f.followee_user_id FROM follows f
           WHERE f.follower_user_id = %(user_id)s AND f.is_current AND NOT f.is_delete
           ORDER BY f.followee_user_id LIMIT %(few)s) f
     JOIN aggregate_user au ON au.user_id = f.followee_user_id
     WHERE (SELECT NOT u.is_deactivated FROM users u WHERE u.user_id = au.user_id AND u.is_current)
       AND (SELECT n FROM listed) <= %(few)s
     ORDER BY au.follower_count DESC, au.user_id
     LIMIT %(limit)s OFFSET %(offset)s)
    UNION ALL
    (SELECT au.user_id, au.follower_count
     FROM aggregate_user au
     CROSS JOIN LATERAL (
         SELECT 1 FROM follows f
         WHERE f.follower_user_id = %(user_id)s AND f.followee_user_id = au.user_id
           AND f.is_current AND NOT f.is_delete
         LIMIT 1) hit
     WHERE (SELECT NOT u.is_deactivated FROM users u WHERE u.user_id = au.user_id AND u.is_current)
       AND (SELECT n FROM listed) > %(few)s
     ORDER BY au.follower_count DESC, au.user_id
     LIMIT %(limit)s OFFSET %(offset)s)
) page
ORDER BY follower_count DESC, user_id
