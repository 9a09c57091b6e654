-- Best new releases: tracks the viewer's followees uploaded within the window (each followee's newest
-- uploads since %(since)s), most reposts + saves first, ties to the higher track id (as Python).
--@activity
    SELECT u.track_id, coalesce(ag.repost_count + ag.save_count, 0) AS n, u.created_at AS at
    FROM followees f
    CROSS JOIN LATERAL (
        SELECT tr.track_id, tr.created_at FROM tracks tr
        WHERE tr.owner_id = f.user_id AND tr.created_at >= %(since)s::timestamp
          AND tr.is_current AND NOT tr.is_delete AND NOT tr.is_unlisted AND tr.stem_of IS NULL
        ORDER BY tr.created_at DESC
        LIMIT %(per_followee)s
    ) u
    LEFT JOIN aggregate_track ag ON ag.track_id = u.track_id
--@rank
WHERE NOT t.is_delete AND NOT t.is_unlisted AND t.stem_of IS NULL
ORDER BY a.n DESC, a.track_id DESC
LIMIT %(limit)s
