-- One page of a user's feed (upstream's Go v1_users_feed): what the users they follow (and any
-- followee_ids the request adds) uploaded (tracks and playlists: filter original), reposted (filter repost)
-- or both (all), each item once at its latest such activity, newest first, ties to the higher item id.
-- tracks_only leaves playlists out. Within [since, before): the handler widens the window (handlers/
-- activity.py) until the page fills or it reaches upstream's one year.
-- Visibility is get_tracks.sql's and get_playlists.sql's for the viewer (the feed's own user): an unlisted
-- track reaches its owner and invited collaborators (pending or accepted), a private playlist its owner;
-- deleted items and stems nobody. A deactivated user's uploads and reposts, and items of a deactivated
-- owner, are left out, as their profiles list nothing.
--
-- Bounded whoever the user follows: each followee's activity is read through its (user, time) indexes
-- (track_owner_idx, playlist_owner_id_idx, reposts_user_recent_item_idx), newest first inside the window,
-- each repost's item probed as it goes (a LATERAL with LIMIT 1, as get_user_reposts.sql), at most offset +
-- limit rows per followee and kind, which is all a page can take from one followee: the
-- merged set holds at most followees x kinds x page end rows, and far fewer once the window is a day of a
-- busy feed. No read of a followee's whole history, and no sort of it: upstream groups a year of every
-- followee's reposts, uploads and playlists per request.
WITH followees AS (
    SELECT u.user_id
    FROM (
        SELECT f.followee_user_id AS user_id
        FROM follows f
        WHERE f.follower_user_id = %(user_id)s AND f.is_current AND NOT f.is_delete
        UNION
        SELECT unnest(%(followee_ids)s::integer[])
    ) wanted
    -- A probe per followee (LIMIT keeps it one): as a join, the planner hashed the whole users table for
    -- a user who follows 5,000 (tests/test_activity_plans.py).
    CROSS JOIN LATERAL (
        SELECT u.user_id FROM users u
        WHERE u.user_id = wanted.user_id AND u.is_current AND NOT u.is_deactivated
        LIMIT 1
    ) u
),
activity AS (
    SELECT x.item_type, x.item_id, x.at
    FROM followees f
    CROSS JOIN LATERAL (
        (SELECT 'track' AS item_type, t.track_id AS item_id, t.created_at AS at
         FROM tracks t
         WHERE %(originals)s AND t.owner_id = f.user_id AND t.is_current
           AND t.created_at >= %(since)s::timestamp AND t.created_at < %(before)s::timestamp
           AND NOT t.is_delete AND t.stem_of IS NULL
           AND (NOT t.is_unlisted OR t.owner_id = %(user_id)s OR EXISTS (
                   SELECT 1 FROM track_collaborators c
                   WHERE c.track_id = t.track_id AND c.collaborator_user_id = %(user_id)s
                     AND c.status IN ('pending', 'accepted')))
         ORDER BY t.created_at DESC
         LIMIT %(limit)s::bigint + %(offset)s)
        UNION ALL
        (SELECT 'playlist', p.playlist_id, p.created_at
         FROM playlists p
         WHERE %(originals)s AND NOT %(tracks_only)s AND p.playlist_owner_id = f.user_id
           AND p.is_current AND NOT p.is_delete
           AND p.created_at >= %(since)s::timestamp AND p.created_at < %(before)s::timestamp
           AND (NOT p.is_private OR p.playlist_owner_id = %(user_id)s)
         ORDER BY p.created_at DESC
         LIMIT %(limit)s::bigint + %(offset)s)
        UNION ALL
        (SELECT 'track', r.repost_item_id, r.created_at
         FROM reposts r
         CROSS JOIN LATERAL (
             SELECT 1 FROM tracks t
             WHERE t.track_id = r.repost_item_id AND t.is_current
               AND NOT t.is_delete AND t.is_available AND t.stem_of IS NULL
               AND (NOT t.is_unlisted OR t.owner_id = %(user_id)s OR EXISTS (
                       SELECT 1 FROM track_collaborators c
                       WHERE c.track_id = t.track_id AND c.collaborator_user_id = %(user_id)s
                         AND c.status IN ('pending', 'accepted')))
               AND EXISTS (SELECT 1 FROM users o WHERE o.user_id = t.owner_id AND o.is_current
                                                    AND NOT o.is_deactivated)
             LIMIT 1
         ) visible
         WHERE %(reposts)s AND r.user_id = f.user_id AND r.repost_type = 'track'
           AND r.is_current AND NOT r.is_delete
           AND r.created_at >= %(since)s::timestamp AND r.created_at < %(before)s::timestamp
         ORDER BY r.created_at DESC
         LIMIT %(limit)s::bigint + %(offset)s)
        UNION ALL
        (SELECT 'playlist', r.repost_item_id, r.created_at
         FROM reposts r
         CROSS JOIN LATERAL (
             SELECT 1 FROM playlists p
             WHERE p.playlist_id = r.repost_item_id AND p.is_current AND NOT p.is_delete
               AND (NOT p.is_private OR p.playlist_owner_id = %(user_id)s)
               AND EXISTS (SELECT 1 FROM users o WHERE o.user_id = p.playlist_owner_id AND o.is_current
                                                    AND NOT o.is_deactivated)
             LIMIT 1
         ) visible
         WHERE %(reposts)s AND NOT %(tracks_only)s AND r.user_id = f.user_id AND r.repost_type = 'playlist'
           AND r.is_current AND NOT r.is_delete
           AND r.created_at >= %(since)s::timestamp AND r.created_at < %(before)s::timestamp
         ORDER BY r.created_at DESC
         LIMIT %(limit)s::bigint + %(offset)s)
        UNION ALL
        (SELECT 'playlist', r.repost_item_id, r.created_at
         FROM reposts r
         CROSS JOIN LATERAL (
             SELECT 1 FROM playlists p
             WHERE p.playlist_id = r.repost_item_id AND p.is_current AND NOT p.is_delete
               AND (NOT p.is_private OR p.playlist_owner_id = %(user_id)s)
               AND EXISTS (SELECT 1 FROM users o WHERE o.user_id = p.playlist_owner_id AND o.is_current
                                                    AND NOT o.is_deactivated)
             LIMIT 1
         ) visible
         WHERE %(reposts)s AND NOT %(tracks_only)s AND r.user_id = f.user_id AND r.repost_type = 'album'
           AND r.is_current AND NOT r.is_delete
           AND r.created_at >= %(since)s::timestamp AND r.created_at < %(before)s::timestamp
         ORDER BY r.created_at DESC
         LIMIT %(limit)s::bigint + %(offset)s)
    ) x
)
SELECT item_type, item_id, max(at) AS at
FROM activity
GROUP BY item_type, item_id
ORDER BY max(at) DESC, item_id DESC, item_type DESC
LIMIT %(limit)s OFFSET %(offset)s
