-- One page of a playlist's tracks, in the playlist's order (playlist_contents, as upstream lists them; a
-- track listed twice comes twice). Only tracks the viewer may see are paged (get_tracks.sql's rule), so a
-- page is full and an unlisted track is not even counted; the playlist itself must be visible to the viewer
-- (get_playlist_visible.sql's rule). The contents are read from the one playlist row: a 5,000-track playlist
-- costs one pass over its list, put in order in memory (the subquery's ORDER BY: the list is the outermost
-- input, so the join below keeps its order and no sort follows it), and an index probe of tracks per entry
-- only up to the page's end.
SELECT c.track_id
FROM (
    SELECT item.ord,
           CASE WHEN item.value ->> 'track' ~ '^[0-9]{1,9}$' THEN (item.value ->> 'track')::integer END AS track_id
    FROM jsonb_array_elements((
        -- null (no entries) for a playlist the viewer may not see
        SELECT CASE WHEN jsonb_typeof(p.playlist_contents -> 'track_ids') = 'array'
                    THEN p.playlist_contents -> 'track_ids' ELSE '[]' END
        FROM playlists p
        WHERE p.playlist_id = %(playlist_id)s AND p.is_current AND NOT p.is_delete
          AND (NOT p.is_private OR p.playlist_owner_id = %(my_id)s)
    )) WITH ORDINALITY AS item (value, ord)
    ORDER BY item.ord
) c
JOIN tracks t ON t.track_id = c.track_id AND t.is_current
WHERE NOT t.is_unlisted OR t.owner_id = %(my_id)s OR (%(my_id)s > 0 AND EXISTS (
          SELECT 1 FROM track_collaborators tc
          WHERE tc.track_id = t.track_id AND tc.collaborator_user_id = %(my_id)s
            AND tc.status IN ('pending', 'accepted')))
ORDER BY c.ord
LIMIT %(limit)s OFFSET %(offset)s
