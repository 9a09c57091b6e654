-- Under the radar: the viewer's feed of tracks, the followees' uploads (filter original) and track reposts
-- (filter repost) or both (all), each track once at its latest such activity, newest first, ties to the
-- higher track id. Upstream serves it from its Elasticsearch feed; this is that feed's track part.
--@activity
    SELECT x.track_id, 0 AS n, max(x.at) AS at
    FROM followees f
    CROSS JOIN LATERAL (
        (SELECT tr.track_id, tr.created_at AS at FROM tracks tr
         WHERE %(originals)s AND tr.owner_id = f.user_id
           AND tr.is_current AND NOT tr.is_delete AND NOT tr.is_unlisted AND tr.stem_of IS NULL
         ORDER BY tr.created_at DESC
         LIMIT %(per_followee)s)
        UNION ALL
        (SELECT r.repost_item_id, r.created_at FROM reposts r
         WHERE %(reposts)s AND r.user_id = f.user_id AND r.repost_type = 'track'
           AND r.is_current AND NOT r.is_delete
         ORDER BY r.created_at DESC
         LIMIT %(per_followee)s)
    ) x
    GROUP BY x.track_id
--@rank
WHERE NOT t.is_delete AND NOT t.is_unlisted AND t.stem_of IS NULL
ORDER BY a.at DESC, a.track_id DESC
LIMIT %(limit)s OFFSET %(offset)s
