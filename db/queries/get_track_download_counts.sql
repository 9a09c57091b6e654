-- Download counts of tracks (the newer Go API's GetTrackDownloadCounts): a stem's own downloads (filed under
-- its parent), else every download filed under the track, its stems' included. Counted through the
-- primary key's (parent_track_id, track_id) prefix. Tracks that are missing, deleted, or hidden from the
-- viewer (unlisted, and the viewer neither owner nor invited collaborator; the Go API counts them for anyone)
-- have no row.
SELECT t.track_id,
       (SELECT count(*) FROM track_downloads d
        WHERE d.parent_track_id = coalesce((t.stem_of ->> 'parent_track_id')::int, t.track_id)
          AND (t.stem_of IS NULL OR d.track_id = t.track_id)) AS download_count
FROM tracks t
WHERE t.track_id = ANY(%(ids)s::int[]) AND t.is_current AND NOT t.is_delete
  AND (NOT t.is_unlisted OR t.owner_id = %(my_id)s OR (%(my_id)s > 0 AND EXISTS (
          SELECT 1 FROM track_collaborators c
          WHERE c.track_id = t.track_id AND c.collaborator_user_id = %(my_id)s
            AND c.status IN ('pending', 'accepted'))))
