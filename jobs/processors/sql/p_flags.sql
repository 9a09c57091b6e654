-- Go API: the users with a follow (as follower), repost, save or user row written in the window get all
-- seven steps recomputed (legacy recomputed only the steps of the event at hand). Only real accounts
-- (handle_lc set), current and not deactivated. A user with no step done and no row yet is left alone, as
-- the Go API does; one with a row is recomputed even when every step is undone.
WITH dirty AS (
    SELECT follower_user_id AS user_id FROM follows
    WHERE blocknumber > %(since)s AND blocknumber <= %(through)s
    UNION
    SELECT user_id FROM reposts WHERE blocknumber > %(since)s AND blocknumber <= %(through)s
    UNION
    SELECT user_id FROM saves WHERE blocknumber > %(since)s AND blocknumber <= %(through)s
    UNION
    SELECT user_id FROM users WHERE blocknumber > %(since)s AND blocknumber <= %(through)s
), flags AS (
    SELECT u.user_id,
           u.bio IS NOT NULL AS profile_description,
           u.name IS NOT NULL AS profile_name,
           u.profile_picture IS NOT NULL OR u.profile_picture_sizes IS NOT NULL AS profile_picture,
           u.cover_photo IS NOT NULL OR u.cover_photo_sizes IS NOT NULL AS profile_cover_photo,
           -- at most 5 rows are read from the follower's index, however many they follow
           (SELECT count(*) FROM (SELECT 1 FROM follows f
                                  WHERE f.follower_user_id = u.user_id AND f.is_current AND NOT f.is_delete
                                  LIMIT %(follows)s) five) >= %(follows)s AS follows,
           EXISTS (SELECT 1 FROM reposts r WHERE r.user_id = u.user_id AND r.is_current AND NOT r.is_delete)
               AS reposts,
           EXISTS (SELECT 1 FROM saves s WHERE s.user_id = u.user_id AND s.is_current AND NOT s.is_delete)
               AS favorites
    FROM dirty d
    JOIN users u ON u.user_id = d.user_id AND u.is_current AND u.handle_lc IS NOT NULL AND NOT u.is_deactivated
)
SELECT f.*
FROM flags f
WHERE profile_description OR profile_name OR profile_picture OR profile_cover_photo OR follows OR reposts
   OR favorites
   OR EXISTS (SELECT 1 FROM user_challenges uc
              WHERE uc.challenge_id = %(challenge_id)s AND uc.specifier = to_hex(f.user_id))
ORDER BY f.user_id
