-- One page of a user's library of playlists or albums (kind: 'playlist' or 'album'; upstream's
-- /users/{id}/library/playlists and /library/albums): those they own or saved (action favorite), reposted
-- (repost) or bought (purchase), or all of them, one entry per playlist at its newest such action (own: its
-- creation), from library_entries() (db/functions/library_entries.sql): each kind read back `reach` actions
-- at most, the entries exact down to the horizon, truncated when it cut (the handler then reads further);
-- the popularity orders (@sorted) rank the newest `window` entries only.
-- A save or repost is matched by its type ('album' for an album, as the indexer types it); the entry must
-- still be of the kind asked, current, not deleted, and public or the viewer's own (get_playlists.sql's
-- rule: upstream lists another user's private playlist to anyone who saved it).
-- query: the playlist's name or its owner's name contains it, case-insensitively, literally.
WITH entries AS (
    SELECT * FROM library_entries(%(user_id)s, %(kind)s, %(action)s, %(reach)s, %(window)s)
)
SELECT e.item_id AS playlist_id, e.item_at, e.truncated
FROM entries e
CROSS JOIN LATERAL (
    SELECT p.playlist_name, p.playlist_owner_id
    FROM playlists p
    WHERE p.playlist_id = e.item_id AND p.is_current AND NOT p.is_delete AND p.is_album = (%(kind)s = 'album')
      AND (NOT p.is_private OR p.playlist_owner_id = %(my_id)s)
    OFFSET 0
) p
WHERE coalesce(%(query)s::text, '') = ''
   OR strpos(lower(p.playlist_name), lower(%(query)s::text)) > 0
   OR EXISTS (SELECT 1 FROM users u WHERE u.user_id = p.playlist_owner_id AND u.is_current
                AND strpos(lower(u.name), lower(%(query)s::text)) > 0)
ORDER BY
    /*@first*/
    CASE WHEN %(direction)s = 'asc' THEN CASE %(sort_key)s
        WHEN 'reposts' THEN coalesce((SELECT agg.repost_count FROM aggregate_playlist agg
                                    WHERE agg.playlist_id = e.item_id), 0)
        WHEN 'saves' THEN coalesce((SELECT agg.save_count FROM aggregate_playlist agg
                                    WHERE agg.playlist_id = e.item_id), 0)
        WHEN 'added_date' THEN extract(epoch FROM e.item_at) END END ASC,
    CASE WHEN %(direction)s = 'desc' THEN CASE %(sort_key)s
        WHEN 'reposts' THEN coalesce((SELECT agg.repost_count FROM aggregate_playlist agg
                                    WHERE agg.playlist_id = e.item_id), 0)
        WHEN 'saves' THEN coalesce((SELECT agg.save_count FROM aggregate_playlist agg
                                    WHERE agg.playlist_id = e.item_id), 0)
        WHEN 'added_date' THEN extract(epoch FROM e.item_at) END END DESC NULLS LAST,
    e.item_id DESC
LIMIT %(limit)s OFFSET %(offset)s
