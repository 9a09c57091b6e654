-- How many entries each contest of a page has (upstream's related.entry_counts): the public, live remixes of
-- its track made while it ran (after it was created, before its end), as getTrackRemixes'
-- only_contest_entries counts them. One track's remixes each, through the remixes primary key.
SELECT e.entity_id AS track_id, (
    SELECT count(*) FROM remixes rm
    CROSS JOIN LATERAL (
        SELECT c.created_at FROM tracks c
        WHERE c.track_id = rm.child_track_id AND c.is_current AND NOT c.is_delete AND NOT c.is_unlisted
        OFFSET 0
    ) t
    WHERE rm.parent_track_id = e.entity_id
      AND t.created_at > e.created_at AND (e.end_date IS NULL OR t.created_at < e.end_date)
) AS entry_count
FROM events e
WHERE e.event_id = ANY(%(ids)s::integer[]) AND e.entity_type = 'track'
