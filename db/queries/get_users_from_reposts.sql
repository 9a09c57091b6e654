-- Who reposted a track, most followed first (upstream's ORDER BY follower_count DESC; ties by user id).
-- Deactivated reposters are left out, as upstream's Go API does. The two ways to the page are
-- get_followers.sql's, keyed on the track's repost count: read whole and sort up to %(few)s reposts, else
-- walk users in follower-count order and probe each for a live repost of the track.
WITH listed AS (
    SELECT coalesce((SELECT repost_count FROM aggregate_track WHERE track_id = %(track_id)s), 0) AS n
)
SELECT user_id FROM (
    (SELECT au.user_id, au.follower_count
     FROM (SELECT r.user_id FROM reposts r
           WHERE r.repost_item_id = %(track_id)s AND r.repost_type = 'track' AND r.is_current AND NOT r.is_delete
           ORDER BY r.user_id LIMIT %(few)s) r
     JOIN aggregate_user au ON au.user_id = r.user_id
     WHERE (SELECT NOT u.is_deactivated FROM users u WHERE u.user_id = au.user_id AND u.is_current)
       AND (SELECT n FROM listed) <= %(few)s
     ORDER BY au.follower_count DESC, au.user_id
     LIMIT %(limit)s OFFSET %(offset)s)
    UNION ALL
    (SELECT au.user_id, au.follower_count
     FROM aggregate_user au
     CROSS JOIN LATERAL (
         SELECT 1 FROM reposts r
         WHERE r.user_id = au.user_id AND r.repost_type = 'track' AND r.repost_item_id = %(track_id)s
           AND r.is_current AND NOT r.is_delete
         LIMIT 1) hit
     WHERE (SELECT NOT u.is_deactivated FROM users u WHERE u.user_id = au.user_id AND u.is_current)
       AND (SELECT n FROM listed) > %(few)s
     ORDER BY au.follower_count DESC, au.user_id
     LIMIT %(limit)s OFFSET %(offset)s)
) page
ORDER BY follower_count DESC, user_id
