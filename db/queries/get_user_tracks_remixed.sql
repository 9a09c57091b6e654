-- A user's tracks that have remixes, with how many, most remixed first, ties on track_id (upstream's Python
-- get_user_tracks_remixed). Unlike upstream, only what the viewer may see is counted: the parent is current,
-- undeleted and public, or the viewer's own (upstream listed unlisted tracks' titles to anyone), and only
-- remixes getTrackRemixes would list (current, undeleted, public) count.
SELECT p.track_id, p.title, count(*) AS remix_count
FROM tracks p
-- Per parent, its remixes off the primary key (OFFSET 0: as a join, the whole remixes table was hashed for
-- an artist with 20,000 remixes).
CROSS JOIN LATERAL (
    SELECT r.child_track_id FROM remixes r WHERE r.parent_track_id = p.track_id OFFSET 0
) r
CROSS JOIN LATERAL (
    SELECT 1 FROM tracks c
    WHERE c.track_id = r.child_track_id AND c.is_current AND NOT c.is_delete AND NOT c.is_unlisted
    OFFSET 0
) c
WHERE p.owner_id = %(user_id)s
  AND p.is_current AND NOT p.is_delete
  AND (NOT p.is_unlisted OR p.owner_id = %(my_id)s)
GROUP BY p.track_id, p.title
ORDER BY remix_count DESC, p.track_id
LIMIT %(limit)s OFFSET %(offset)s
