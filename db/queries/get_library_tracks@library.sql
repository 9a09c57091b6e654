-- A user's library of tracks (upstream's /users/{id}/library/tracks): the tracks they saved, reposted or
-- bought (action: all, favorite, repost, purchase), one entry per track at its newest such action, from
-- library_entries() (db/functions/library_entries.sql): each kind read back `reach` actions at most, the
-- entries exact down to the horizon, truncated when it cut. Newest first, reach is the page's end (the
-- handler reads further for a short page); in any other order the `window` newest entries are ranked.
-- last_listen and listens, the viewer's plays of the track, are probed only when the order asks.
--@source
    SELECT e.item_id AS track_id, e.item_at,
           CASE WHEN %(sort_key)s IN ('last_listen_date') THEN (SELECT max(p.created_at) FROM plays p
                WHERE p.play_item_id = e.item_id AND p.user_id = %(my_id)s) END AS last_listen,
           CASE WHEN %(sort_key)s IN ('most_listens_by_user') THEN (SELECT count(*) FROM plays p
                WHERE p.play_item_id = e.item_id AND p.user_id = %(my_id)s) END AS listens,
           e.truncated
    FROM library_entries(%(user_id)s, 'track', %(action)s, %(reach)s, %(window)s) e
--@bound
--@first
