-- One page of a track's remixes and how many there are in all (upstream v1_track_remixes): current,
-- undeleted, public remixes only (upstream lists no unlisted remix, not even to its owner); sort_method
-- recent (created_at), likes (saves) or plays, each descending, ties on track_id DESC.
-- only_cosigns: the parent's owner saved or reposted the remix. only_contest_entries: the remix was made
-- while the parent's latest remix contest ran (after it was created, before its end date).
-- The remixes are read through the remixes primary key (this parent only), so the sort is over one
-- track's remixes, never over tracks. The count comes in the same row as the page, so a page past the end
-- still says how many there are (upstream's count comes with the page's rows, and is 0 there).
WITH contest AS (
    SELECT e.created_at, e.end_date FROM events e
    WHERE e.entity_id = %(track_id)s AND e.event_type = 'remix_contest' AND NOT e.is_deleted
    ORDER BY e.created_at DESC
    LIMIT 1
), owner AS (
    SELECT p.owner_id FROM tracks p WHERE p.track_id = %(track_id)s AND p.is_current
), remix AS (
    SELECT t.track_id, t.created_at,
           CASE %(sort_method)s
               WHEN 'likes' THEN (SELECT coalesce(agg.save_count, 0) FROM aggregate_track agg
                                  WHERE agg.track_id = t.track_id)
               WHEN 'plays' THEN (SELECT coalesce(ap.count, 0) FROM aggregate_plays ap
                                  WHERE ap.play_item_id = t.track_id)
           END AS score
    FROM remixes rm
    -- One primary-key probe per remix: as a join, a parent with 20,000 remixes had the planner hash every
    -- track (a sequential scan of tracks per request). OFFSET 0 keeps the subquery from being flattened.
    CROSS JOIN LATERAL (
        SELECT c.track_id, c.created_at, c.is_unlisted, c.is_delete FROM tracks c
        WHERE c.track_id = rm.child_track_id AND c.is_current
        OFFSET 0
    ) t
    WHERE rm.parent_track_id = %(track_id)s
      AND NOT t.is_delete
      AND NOT t.is_unlisted
      AND (NOT %(only_contest_entries)s OR EXISTS (
              SELECT 1 FROM contest c WHERE c.created_at < t.created_at AND t.created_at < c.end_date))
      AND (NOT %(only_cosigns)s OR EXISTS (
              SELECT 1 FROM owner o, saves s
              WHERE s.user_id = o.owner_id AND s.save_item_id = t.track_id AND s.save_type = 'track'
                AND s.is_current AND NOT s.is_delete)
           OR EXISTS (
              SELECT 1 FROM owner o, reposts r
              WHERE r.user_id = o.owner_id AND r.repost_item_id = t.track_id AND r.repost_type = 'track'
                AND r.is_current AND NOT r.is_delete))
)
SELECT
    (SELECT count(*) FROM remix) AS count,
    ARRAY(
        SELECT track_id FROM remix
        ORDER BY coalesce(score, 0) DESC,
                 CASE WHEN %(sort_method)s = 'recent' THEN created_at END DESC,
                 track_id DESC
        LIMIT %(limit)s OFFSET %(offset)s
    ) AS track_ids
