-- Users whom a user's fans may like (upstream's newer Go API, v1_users_related.go), two ways chosen by the
-- user's follower count through one-time filters, so a generic plan holds both and runs one:
-- * under 100 followers, too few to learn from: users whose dominant genre is one of the user's five
--   commonest genres (commonest first), with under three times the user's followers, most followed first;
--   at most 10 in all (the offset counts against the 10), as upstream. Each genre is one walk of
--   aggregate_user_genre_top_idx below that follower bound, cut at 10 rows.
-- * from 100 followers: collaborative filtering. 500 of the user's followers (highest ids: ids are
--   random, so a fair sample), up to 200 of the users each of them follows (highest ids), and the users
--   at least 3 of the sample follow, ranked by approximate Jaccard similarity plus 0.05 when their
--   dominant genre is one of the user's three commonest. Bounded (at most 100,500 follows rows) whatever
--   the user's fame. The shared-follower floor is applied before any candidate is looked up (upstream
--   looked every candidate up first; the answer is the same).
-- A track without a genre takes none of the five places (upstream counted "no genre" as one, matching
-- nobody). Ties, which upstream leaves to chance, go to the lower user id. Deactivated and unavailable users are left
-- out; with filter_followed, so are the users the viewer follows.
WITH me AS (
    SELECT follower_count AS n FROM aggregate_user WHERE user_id = %(user_id)s
),
my_genres AS (
    SELECT t.genre, rank() OVER (ORDER BY count(*) DESC) AS genre_rank,
           row_number() OVER (ORDER BY count(*) DESC, t.genre) AS position
    FROM tracks t
    WHERE t.owner_id = %(user_id)s AND t.is_current AND NOT t.is_delete AND NOT t.is_unlisted
      AND t.is_available AND t.stem_of IS NULL AND t.genre IS NOT NULL
    GROUP BY t.genre
    ORDER BY count(*) DESC, t.genre
    LIMIT 5
),
sample AS MATERIALIZED (
    SELECT f.follower_user_id
    FROM follows f
    WHERE f.followee_user_id = %(user_id)s AND f.is_current AND NOT f.is_delete
      AND (SELECT n FROM me) >= 100
    ORDER BY f.follower_user_id DESC
    LIMIT 500
),
shared AS (
    SELECT theirs.followee_user_id AS user_id, count(*) AS n
    FROM sample
    CROSS JOIN LATERAL (
        SELECT f.followee_user_id
        FROM follows f
        WHERE f.follower_user_id = sample.follower_user_id AND f.followee_user_id <> %(user_id)s
          AND f.is_current AND NOT f.is_delete
        ORDER BY f.followee_user_id DESC
        LIMIT 200
    ) theirs
    GROUP BY theirs.followee_user_id
    HAVING count(*) >= 3
)
SELECT user_id FROM (
    (SELECT c.user_id, g.genre_rank AS band, c.follower_count::float8 AS score
     FROM my_genres g
     CROSS JOIN LATERAL (
         SELECT au.user_id, au.follower_count
         FROM aggregate_user au
         WHERE au.dominant_genre = g.genre AND au.track_count > 0
           AND au.follower_count < (SELECT n FROM me) * 3
           AND au.user_id <> %(user_id)s
           AND (SELECT NOT u.is_deactivated AND u.is_available FROM users u
                WHERE u.user_id = au.user_id AND u.is_current)
           AND NOT (%(filter_followed)s AND EXISTS (
                   SELECT 1 FROM follows f
                   WHERE f.follower_user_id = %(my_id)s AND f.followee_user_id = au.user_id
                     AND f.is_current AND NOT f.is_delete))
         ORDER BY au.follower_count DESC, au.user_id
         LIMIT 10
     ) c
     WHERE (SELECT n FROM me) < 100
     ORDER BY g.genre_rank, c.follower_count DESC, c.user_id
     LIMIT least(%(limit)s, greatest(0, 10 - %(offset)s)) OFFSET %(offset)s)
    UNION ALL
    (SELECT s.user_id, 0 AS band,
            s.n::float8 / (500 + au.follower_count - s.n)
            + CASE WHEN au.dominant_genre IN (SELECT genre FROM my_genres WHERE position <= 3) THEN 0.05
                   ELSE 0 END AS score
     FROM shared s
     JOIN aggregate_user au ON au.user_id = s.user_id
     WHERE au.follower_count > 10
       AND (SELECT NOT u.is_deactivated AND u.is_available FROM users u
            WHERE u.user_id = s.user_id AND u.is_current)
       AND NOT (%(filter_followed)s AND EXISTS (
               SELECT 1 FROM follows f
               WHERE f.follower_user_id = %(my_id)s AND f.followee_user_id = s.user_id
                 AND f.is_current AND NOT f.is_delete))
     ORDER BY score DESC, s.user_id
     LIMIT %(limit)s OFFSET %(offset)s)
) page
ORDER BY band, score DESC, user_id
