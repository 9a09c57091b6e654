-- The lists made of what a viewer's followees did (legacy Python provider; the Go API forwards them to it):
-- most loved (/tracks/most_loved), best new releases (/tracks/best_new_releases) and under the radar
-- (/tracks/under_the_radar). The slots pick each followee's recent activity and rank the tracks it names.
--
-- Bounds: the viewer's %(followees)s most recently followed users, and each one's newest %(per_followee)s
-- actions, read through the (user, time) partial indexes of migration 0024. Upstream aggregates every save
-- (or upload) of every followee per request; a viewer who follows thousands of prolific users would make
-- that a read of millions of rows. Here a page reads at most followees * per_followee rows, whatever the
-- viewer follows. Listed, current, not deleted, non-stem tracks only, for every viewer, owner or not.
WITH followees AS (
    SELECT f.followee_user_id AS user_id
    FROM follows f
    WHERE f.follower_user_id = %(my_id)s AND f.is_current AND NOT f.is_delete
    ORDER BY f.created_at DESC
    LIMIT %(followees)s
),
activity AS (
    /*@activity*/
)
SELECT a.track_id
FROM activity a
JOIN tracks t ON t.track_id = a.track_id AND t.is_current
/*@rank*/
