-- One page of a user's library of tracks as activities (track id and the activity's time): their favorite
-- tracks (get_library_tracks@favorites*, upstream's /users/{id}/favorites/tracks) or their listening
-- history (@history, upstream's /users/{id}/history/tracks). The source slot gives one row per track with
-- item_at (when it was saved, or last played), last_listen and listens (the viewer's plays of it), and
-- truncated: whether a bounded source left older rows out (@library; the handler then reads further).
-- Only tracks the viewer may see (get_tracks.sql's rule): upstream lists a saved or played unlisted track
-- to anyone, which tells its private id. Each row's track is one primary-key probe (OFFSET 0 keeps the
-- planner from hashing tracks for a long library).
-- query: the track's title or its artist's name contains it, case-insensitively (upstream's ILIKE, but
-- literal: a percent sign or an underscore matches itself).
-- sort_key: title, artist_name, release_date, last_listen_date, added_date, plays, reposts, saves,
-- most_listens_by_user. The order's first slot lets @favorites_recent walk the saves index in the default
-- order (newest save first), so a user with 10,000 favorites is not sorted for a page. Ties: track_id DESC.
-- The bound slot may cap the source (an ORDER BY and LIMIT of its own); a source left unbounded is planned
-- with the page's LIMIT, so an ordered source is read only as far as the page needs.
WITH source AS (
    /*@source*/
    /*@bound*/
)
SELECT item.track_id, item.item_at, item.truncated
FROM source item
CROSS JOIN LATERAL (
    SELECT t.title, coalesce(t.release_date, t.created_at) AS released, t.owner_id
    FROM tracks t
    WHERE t.track_id = item.track_id
      AND t.is_current
      AND (NOT t.is_unlisted OR t.owner_id = %(my_id)s OR track_invitee(t.track_id, %(my_id)s))
    OFFSET 0
) t
WHERE coalesce(%(query)s::text, '') = ''
   OR strpos(lower(t.title), lower(%(query)s::text)) > 0
   OR EXISTS (SELECT 1 FROM users u WHERE u.user_id = t.owner_id AND u.is_current
                AND strpos(lower(u.name), lower(%(query)s::text)) > 0)
ORDER BY
    /*@first*/
    CASE WHEN %(direction)s = 'asc' THEN CASE %(sort_key)s
        WHEN 'title' THEN t.title
        WHEN 'artist_name' THEN (SELECT u.name FROM users u WHERE u.user_id = t.owner_id AND u.is_current)
        END END ASC,
    CASE WHEN %(direction)s = 'desc' THEN CASE %(sort_key)s
        WHEN 'title' THEN t.title
        WHEN 'artist_name' THEN (SELECT u.name FROM users u WHERE u.user_id = t.owner_id AND u.is_current)
        END END DESC,
    CASE WHEN %(direction)s = 'asc' THEN CASE %(sort_key)s
        WHEN 'release_date' THEN t.released
        WHEN 'added_date' THEN item.item_at
        WHEN 'last_listen_date' THEN item.last_listen END END ASC,
    CASE WHEN %(direction)s = 'desc' THEN CASE %(sort_key)s
        WHEN 'release_date' THEN t.released
        WHEN 'added_date' THEN item.item_at
        WHEN 'last_listen_date' THEN item.last_listen END END DESC NULLS LAST,
    CASE WHEN %(direction)s = 'asc' THEN CASE %(sort_key)s
        WHEN 'plays' THEN (SELECT ap.count FROM aggregate_plays ap WHERE ap.play_item_id = item.track_id)
        WHEN 'reposts' THEN (SELECT agg.repost_count FROM aggregate_track agg WHERE agg.track_id = item.track_id)
        WHEN 'saves' THEN (SELECT agg.save_count FROM aggregate_track agg WHERE agg.track_id = item.track_id)
        WHEN 'most_listens_by_user' THEN item.listens END END ASC,
    CASE WHEN %(direction)s = 'desc' THEN CASE %(sort_key)s
        WHEN 'plays' THEN (SELECT ap.count FROM aggregate_plays ap WHERE ap.play_item_id = item.track_id)
        WHEN 'reposts' THEN (SELECT agg.repost_count FROM aggregate_track agg WHERE agg.track_id = item.track_id)
        WHEN 'saves' THEN (SELECT agg.save_count FROM aggregate_track agg WHERE agg.track_id = item.track_id)
        WHEN 'most_listens_by_user' THEN item.listens END END DESC NULLS LAST,
    item.track_id DESC
LIMIT %(limit)s OFFSET %(offset)s
