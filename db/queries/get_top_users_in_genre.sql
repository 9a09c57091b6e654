-- Top users (get_top_users.sql) whose dominant genre is one of the given genres. Each genre is its own walk
-- of aggregate_user_genre_top_idx, cut at the deepest row a page can reach (offset + limit); the merge
-- sorts at most that many rows per genre, never a genre's whole list.
SELECT top.user_id
FROM (SELECT DISTINCT g FROM unnest(%(genres)s::text[]) g) wanted
CROSS JOIN LATERAL (
    SELECT au.user_id, au.follower_count
    FROM aggregate_user au
    WHERE au.dominant_genre = wanted.g AND au.track_count > 0
      AND (SELECT NOT u.is_deactivated FROM users u WHERE u.user_id = au.user_id AND u.is_current)
    ORDER BY au.follower_count DESC, au.user_id
    LIMIT %(limit)s::bigint + %(offset)s
) top
ORDER BY top.follower_count DESC, top.user_id
LIMIT %(limit)s OFFSET %(offset)s
