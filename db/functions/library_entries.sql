-- A user's library entries of one kind of item (item_kind: 'track', 'playlist' or 'album'): the items they
-- saved, reposted or bought, and for playlists and albums also own (action: all, favorite, repost,
-- purchase; own counts as favorite), one entry per item at its newest such action, newest first, ties to
-- the higher id, at most `max_entries` (NULL: all). At the same time a purchase outranks a repost, a repost
-- a save, a save owning, so an item keeps exactly one action: an action is kept only when no later action
-- of the selected kinds names the same item (an index probe per action). The library queries
-- (get_library_tracks@library, get_library_playlists) take their entries from here.
--
-- Bounded whatever the planner's costs: each kind reads at most its newest `reach` actions off its index
-- (playlists_owner_listing_idx, saves_user_recent_idx, reposts_user_recent_item_idx,
-- usdc_purchases_buyer_recent_idx), with their ties, and only those are merged and sorted (NULL: every
-- action). The entries are then exact down to the horizon, the newest time at which a kind was cut: a
-- kind's actions newer than an entry each name another item whose entry is newer still (a buyer's repeat
-- purchases of one item are dropped inside the kind for that), so an entry missing from the reach has
-- `reach` entries before it. Older entries are left out and `truncated` says the horizon cut: a caller whose
-- page the query or visibility left short reads again further back (handlers/library.py). Before, the kinds
-- went through an ordered union that the planner merged in order or sorted all 13,200 actions of (0.1-0.9 s),
-- as ANALYZE's sample tipped its costs. One SELECT, so PostgreSQL inlines it into the caller's plan.
CREATE OR REPLACE FUNCTION library_entries(owner integer, item_kind text, action text, reach bigint,
                                           max_entries bigint)
RETURNS TABLE (item_id integer, item_at timestamp, truncated boolean)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH owned AS MATERIALIZED (
        SELECT p.playlist_id AS item_id, p.created_at AS item_at, 0 AS kind, '' AS tiebreak
        FROM playlists p
        WHERE p.playlist_owner_id = owner AND item_kind IN ('playlist', 'album')
          AND p.is_album = (item_kind = 'album') AND p.is_current AND NOT p.is_delete
          AND action IN ('all', 'favorite')
        ORDER BY p.created_at DESC
        FETCH FIRST reach ROWS WITH TIES
    ), saved (item_id, item_at, kind, tiebreak) AS MATERIALIZED (
        SELECT s.save_item_id, s.created_at, 1, ''
        FROM saves s
        WHERE s.user_id = owner AND s.save_type = item_kind::savetype AND s.is_current AND NOT s.is_delete
          AND action IN ('all', 'favorite')
        ORDER BY s.created_at DESC
        FETCH FIRST reach ROWS WITH TIES
    ), reposted (item_id, item_at, kind, tiebreak) AS MATERIALIZED (
        SELECT r.repost_item_id, r.created_at, 2, ''
        FROM reposts r
        WHERE r.user_id = owner AND r.repost_type = item_kind::reposttype AND r.is_current AND NOT r.is_delete
          AND action IN ('all', 'repost')
        ORDER BY r.created_at DESC
        FETCH FIRST reach ROWS WITH TIES
    ), bought (item_id, item_at, kind, tiebreak) AS MATERIALIZED (
        SELECT u.content_id, u.created_at, 3, u.signature::text
        FROM usdc_purchases u
        WHERE u.buyer_user_id = owner AND u.content_type = item_kind::usdc_purchase_content_type
          AND action IN ('all', 'purchase')
          AND NOT EXISTS (SELECT 1 FROM usdc_purchases later
                          WHERE later.buyer_user_id = u.buyer_user_id AND later.content_type = u.content_type
                            AND later.content_id = u.content_id
                            AND (later.created_at, later.signature::text) > (u.created_at, u.signature::text))
        ORDER BY u.created_at DESC
        FETCH FIRST reach ROWS WITH TIES
    ), horizon AS (
        SELECT max(cut) AS at FROM (
            SELECT min(item_at) AS cut FROM owned HAVING count(*) >= reach
            UNION ALL SELECT min(item_at) FROM saved HAVING count(*) >= reach
            UNION ALL SELECT min(item_at) FROM reposted HAVING count(*) >= reach
            UNION ALL SELECT min(item_at) FROM bought HAVING count(*) >= reach
        ) cuts
    )
    SELECT a.item_id, a.item_at, h.at IS NOT NULL
    FROM (SELECT * FROM owned UNION ALL SELECT * FROM saved UNION ALL SELECT * FROM reposted
          UNION ALL SELECT * FROM bought) a
    CROSS JOIN horizon h
    WHERE a.item_at >= coalesce(h.at, '-infinity')
      AND NOT (a.kind <> 0 AND item_kind <> 'track' AND action IN ('all', 'favorite') AND EXISTS (
              SELECT 1 FROM playlists p
              WHERE p.playlist_id = a.item_id AND p.playlist_owner_id = owner AND p.is_current
                AND NOT p.is_delete AND p.created_at > a.item_at))
      AND NOT (a.kind <> 1 AND action IN ('all', 'favorite') AND EXISTS (
              SELECT 1 FROM saves s
              WHERE s.user_id = owner AND s.save_type = item_kind::savetype AND s.save_item_id = a.item_id
                AND s.is_current AND NOT s.is_delete
                AND (s.created_at > a.item_at OR (a.kind < 1 AND s.created_at = a.item_at))))
      AND NOT (a.kind <> 2 AND action = 'all' AND EXISTS (
              SELECT 1 FROM reposts r
              WHERE r.user_id = owner AND r.repost_type = item_kind::reposttype AND r.repost_item_id = a.item_id
                AND r.is_current AND NOT r.is_delete
                AND (r.created_at > a.item_at OR (a.kind < 2 AND r.created_at = a.item_at))))
      AND NOT (a.kind <> 3 AND action IN ('all', 'purchase') AND EXISTS (
              SELECT 1 FROM usdc_purchases u
              WHERE u.buyer_user_id = owner AND u.content_type = item_kind::usdc_purchase_content_type
                AND u.content_id = a.item_id AND u.created_at >= a.item_at))
    ORDER BY a.item_at DESC, a.item_id DESC
    LIMIT max_entries
$$;
