-- The users a user follows.
--@size
SELECT following_count FROM aggregate_user WHERE user_id = %(user_id)s
--@members
SELECT f.followee_user_id FROM follows f
           WHERE f.follower_user_id = %(user_id)s AND f.is_current AND NOT f.is_delete
--@probe
SELECT 1 FROM follows f
         WHERE f.follower_user_id = %(user_id)s AND f.followee_user_id = au.user_id
           AND f.is_current AND NOT f.is_delete
