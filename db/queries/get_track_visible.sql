-- Whether the viewer may see this track at all: the list operations under /tracks/{track_id} answer 404
-- "track not found" for a track getTrack would not serve (missing, not current, or unlisted and the viewer
-- neither its owner nor an invited collaborator), so a hidden track's remixes, stems or listeners do not
-- reveal it. The rule is get_tracks.sql's.
SELECT EXISTS (
    SELECT 1 FROM tracks t
    WHERE t.track_id = %(track_id)s
      AND t.is_current
      AND (NOT t.is_unlisted OR t.owner_id = %(my_id)s OR (%(my_id)s > 0 AND EXISTS (
              SELECT 1 FROM track_collaborators c
              WHERE c.track_id = t.track_id AND c.collaborator_user_id = %(my_id)s
                AND c.status IN ('pending', 'accepted'))))
) AS visible
