-- Whether my_id was invited to collaborate on a track (pending or accepted): the exception to an unlisted
-- track's privacy in get_tracks.sql's rule (NOT is_unlisted OR owner_id = my_id OR invited). The lists that
-- filter by that rule (a user's favorites and history) call this only for an unlisted track of another
-- owner, the rare row, so the common row pays nothing for it.
CREATE OR REPLACE FUNCTION track_invitee(track_id integer, my_id integer) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT my_id > 0 AND EXISTS (
        SELECT 1 FROM track_collaborators c
        WHERE c.track_id = track_invitee.track_id AND c.collaborator_user_id = my_id
          AND c.status IN ('pending', 'accepted'))
$$;
