-- Users with a public track, most followed first, ties by user id (upstream's order): a walk of
-- aggregate_user_top_idx stopping at the page. Deactivated users are passed over (upstream lists them; a
-- deactivated account is not promoted here), each probed per row, so no plan joins the users table whole.
SELECT au.user_id
FROM aggregate_user au
WHERE au.track_count > 0
  AND (SELECT NOT u.is_deactivated FROM users u WHERE u.user_id = au.user_id AND u.is_current)
ORDER BY au.follower_count DESC, au.user_id
LIMIT %(limit)s OFFSET %(offset)s
