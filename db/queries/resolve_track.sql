-- A track permalink ("/<handle>/<slug>", old slugs included: track_routes keeps them) -> the track id, when
-- the viewer may see the track (get_track_visible.sql's rule): resolving an unlisted track's link for someone
-- else answers 404, as getTrack would, instead of redirecting there.
SELECT tr.track_id
FROM users u
JOIN track_routes tr ON tr.owner_id = u.user_id AND tr.slug = %(slug)s
JOIN tracks t ON t.track_id = tr.track_id AND t.is_current
WHERE u.handle_lc = lower(%(handle)s) AND u.is_current
  AND (NOT t.is_unlisted OR t.owner_id = %(my_id)s OR (%(my_id)s > 0 AND EXISTS (
          SELECT 1 FROM track_collaborators c
          WHERE c.track_id = t.track_id AND c.collaborator_user_id = %(my_id)s
            AND c.status IN ('pending', 'accepted'))))
ORDER BY tr.is_current DESC
LIMIT 1
