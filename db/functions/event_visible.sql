-- Whether a viewer may see an event: an event names the track, playlist or user it hangs off, so an event on
-- an unlisted track or a private playlist is seen only by those who may see that (its owner, a track's
-- invited collaborators), as getTrack would answer; otherwise the event would tell anyone the hidden item's
-- id. An event on a deleted or missing track or playlist is left out too (upstream's contest lists do so).
-- Not inlined (PostgreSQL inlines only a body without sublinks, and this one holds EXISTS): it runs per
-- row as a function, a probe each time, which the planner can never turn into a join over the table.
CREATE OR REPLACE FUNCTION event_visible(kind event_entity_type, entity integer, my_id integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE kind
        WHEN 'track' THEN EXISTS (
            SELECT 1 FROM tracks t
            WHERE t.track_id = entity AND t.is_current AND NOT t.is_delete
              AND (NOT t.is_unlisted OR t.owner_id = my_id OR (my_id > 0 AND EXISTS (
                      SELECT 1 FROM track_collaborators c
                      WHERE c.track_id = t.track_id AND c.collaborator_user_id = my_id
                        AND c.status IN ('pending', 'accepted')))))
        WHEN 'collection' THEN EXISTS (
            SELECT 1 FROM playlists p
            WHERE p.playlist_id = entity AND p.is_current AND NOT p.is_delete
              AND (NOT p.is_private OR p.playlist_owner_id = my_id))
        ELSE true
    END
$$;
