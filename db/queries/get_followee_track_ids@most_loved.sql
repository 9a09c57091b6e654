-- Most loved: the tracks the viewer's followees saved most (each followee's newest saves), most saves first,
-- ties to the higher track id. Python applies the limit to the counts before leaving out hidden tracks (a
-- short page); ours leaves them out first.
--@activity
    SELECT s.save_item_id AS track_id, count(*) AS n, max(s.created_at) AS at
    FROM followees f
    CROSS JOIN LATERAL (
        SELECT sv.save_item_id, sv.created_at FROM saves sv
        WHERE sv.user_id = f.user_id AND sv.save_type = 'track' AND sv.is_current AND NOT sv.is_delete
        ORDER BY sv.created_at DESC
        LIMIT %(per_followee)s
    ) s
    GROUP BY s.save_item_id
--@rank
WHERE NOT t.is_delete AND NOT t.is_unlisted AND t.stem_of IS NULL
ORDER BY a.n DESC, a.track_id DESC
LIMIT %(limit)s
