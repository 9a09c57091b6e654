-- Tag search's users (upstream finds users by their tracks' tags): the owners of %(track_ids)s, the tag
-- search's most played tracks (at most its window, so the work is bounded whatever the tag), active and
-- passing the filters, in the sort's order: followers (popular, relevant) or newest first (recent).
SELECT u.user_id
FROM user_search u
JOIN aggregate_user au ON au.user_id = u.user_id
WHERE u.user_id IN (SELECT t.owner_id FROM track_search t WHERE t.track_id = ANY(%(track_ids)s::integer[]))
  AND user_search_passes(u, %(genres)s::text[], %(only_verified)s)
ORDER BY
    CASE WHEN %(sort_method)s = 'recent' THEN u.created_at END DESC,
    CASE WHEN %(sort_method)s <> 'recent' THEN au.follower_count END DESC,
    CASE WHEN %(sort_method)s = 'recent' THEN u.user_id END DESC,
    u.user_id
LIMIT %(limit)s OFFSET %(offset)s
