-- The one row of this pair (rows change in place, so it is the current one).
SELECT is_delete FROM follows
WHERE follower_user_id = %(user_id)s AND followee_user_id = %(item_id)s AND is_current
