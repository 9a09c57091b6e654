-- The tracks a remix remixes, one page (upstream v1_track_remixing): current, public parents, newest first,
-- ties on track_id DESC. As upstream, a stream-gated remix lists no parents.
SELECT pt.track_id
FROM remixes r
JOIN tracks pt ON pt.track_id = r.parent_track_id AND pt.is_current
WHERE r.child_track_id = %(track_id)s
  AND NOT pt.is_unlisted
  AND EXISTS (SELECT 1 FROM tracks ct
              WHERE ct.track_id = %(track_id)s AND ct.is_current AND NOT ct.is_stream_gated)
ORDER BY pt.created_at DESC, pt.track_id DESC
LIMIT %(limit)s OFFSET %(offset)s
