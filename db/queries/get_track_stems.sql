-- A track's stems (upstream v1_track_stems): the current, undeleted tracks whose stem_of names it, by
-- track_id; none when the parent is deleted. Not paged, as upstream: a track has a handful of stems.
-- A stem track that is unlisted is listed only to its owner (upstream lists it to anyone).
SELECT
    t.track_id,
    s.parent_track_id,
    coalesce(t.stem_of->>'category', '') AS category,
    t.track_cid,
    t.owner_id,
    t.blocknumber,
    coalesce(t.orig_filename, t.title, '') AS orig_filename
FROM stems s
JOIN tracks t ON t.track_id = s.child_track_id AND t.is_current
JOIN tracks parent ON parent.track_id = s.parent_track_id AND parent.is_current
WHERE s.parent_track_id = %(track_id)s
  AND NOT t.is_delete
  AND NOT parent.is_delete
  AND (NOT t.is_unlisted OR t.owner_id = %(my_id)s)
ORDER BY t.track_id
