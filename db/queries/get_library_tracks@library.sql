-- A user's library of tracks (upstream's /users/{id}/library/tracks): the tracks they saved, reposted or
-- bought (action: all, favorite, repost, purchase), one entry per track, at its newest such action.
-- The actions are read off one index each (saves_user_recent_idx, reposts_user_recent_idx,
-- usdc_purchases_buyer_recent_idx), and an action is kept only when no later action of the selected kinds
-- names the same track (an index probe per action). Newest first, the kinds can be merged in time order (a
-- Merge Append) under that filter, so a page reads the actions newer than its last entry and stops: each
-- kind is its own ordered subquery, and the union is ordered in a subquery of its own, which keeps the
-- filter (it holds subplans) above the merge. That subquery is planned for all its rows, so whether the
-- planner merges (about 10 ms at 13,200 actions) or sorts them all (0.1-0.9 s, what this query always did
-- before) is a close call of costs that ANALYZE's sample can tip (docs/behaviour.md, known weak). With
-- the filter on the kinds, the planner always sorted; with the filter in a lateral, it sorted in parallel.
-- Any other order ranks the newest `window` entries only (the bound slot; the handler's
-- LIBRARY_SORT_WINDOW); @library_recent has no bound.
-- At the same time a purchase outranks a repost, which outranks a save (a purchase's signature breaks ties
-- between purchases), so each track keeps exactly one action.
-- last_listen and listens, the viewer's plays of the track, are probed only when the order asks.
--@source
    SELECT a.item_id AS track_id, a.item_at,
           CASE WHEN %(sort_key)s IN ('last_listen_date') THEN (SELECT max(p.created_at) FROM plays p
                WHERE p.play_item_id = a.item_id AND p.user_id = %(my_id)s) END AS last_listen,
           CASE WHEN %(sort_key)s IN ('most_listens_by_user') THEN (SELECT count(*) FROM plays p
                WHERE p.play_item_id = a.item_id AND p.user_id = %(my_id)s) END AS listens
    FROM (SELECT * FROM (
        (SELECT s.save_item_id AS item_id, s.created_at AS item_at, 1 AS kind, ''::text AS tiebreak
         FROM saves s
         WHERE s.user_id = %(user_id)s AND s.save_type = 'track' AND s.is_current AND NOT s.is_delete
           AND %(action)s IN ('all', 'favorite')
         ORDER BY s.created_at DESC)
        UNION ALL
        (SELECT r.repost_item_id, r.created_at, 2, ''::text
         FROM reposts r
         WHERE r.user_id = %(user_id)s AND r.repost_type = 'track' AND r.is_current AND NOT r.is_delete
           AND %(action)s IN ('all', 'repost')
         ORDER BY r.created_at DESC)
        UNION ALL
        (SELECT u.content_id, u.created_at, 3, u.signature::text
         FROM usdc_purchases u
         WHERE u.buyer_user_id = %(user_id)s AND u.content_type = 'track'
           AND %(action)s IN ('all', 'purchase')
         ORDER BY u.created_at DESC)
    ) merged ORDER BY merged.item_at DESC) a
    WHERE NOT (a.kind <> 1 AND %(action)s = 'all' AND EXISTS (
              SELECT 1 FROM saves s
              WHERE s.user_id = %(user_id)s AND s.save_type = 'track' AND s.save_item_id = a.item_id
                AND s.is_current AND NOT s.is_delete AND s.created_at > a.item_at))
      AND NOT (a.kind <> 2 AND %(action)s = 'all' AND EXISTS (
              SELECT 1 FROM reposts r
              WHERE r.user_id = %(user_id)s AND r.repost_type = 'track' AND r.repost_item_id = a.item_id
                AND r.is_current AND NOT r.is_delete
                AND (r.created_at > a.item_at OR (a.kind = 1 AND r.created_at = a.item_at))))
      AND NOT ((a.kind = 3 OR %(action)s = 'all') AND EXISTS (
              SELECT 1 FROM usdc_purchases u
              WHERE u.buyer_user_id = %(user_id)s AND u.content_type = 'track' AND u.content_id = a.item_id
                AND (u.created_at, u.signature::text) > (a.item_at, a.tiebreak)))
--@bound
    ORDER BY a.item_at DESC, a.item_id DESC
    LIMIT %(window)s
--@first
