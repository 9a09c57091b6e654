-- A user's notification groups, newest first (upstream v1_notifications.go; where the snapshot and the newer
-- Go API differ, the newer one is followed, as marked [newer]).
--
-- Params: user_id; types (text[], the types that may be returned, excluded ones already removed);
-- ts (float8 epoch seconds, 0 = no cursor); group_id (text, '' = no cursor); lim; counts_only (the
-- limit=0 unread poll: groups and is_seen only, no actions built).
--
-- Times: notification.timestamp and notification_seen.seen_at are UTC wall times (timestamp without time
-- zone), so "now" and the cursor are taken in UTC whatever the session's TimeZone is (upstream used
-- now()::timestamp, which is only right on a UTC server).
WITH clock AS (
    SELECT (now() AT TIME ZONE 'UTC') AS now_utc,
           (to_timestamp(%(ts)s::float8) AT TIME ZONE 'UTC') AS cursor_at
),
-- The user's last 10 "seen" marks. Each closes a window (previous mark, this mark]; the newest window runs
-- from the last mark to now.
seen AS (
    SELECT s.seen_at FROM notification_seen s WHERE s.user_id = %(user_id)s ORDER BY s.seen_at DESC LIMIT 10
),
windows AS (
    SELECT lag(seen.seen_at, 1, clock.now_utc) OVER (ORDER BY seen.seen_at DESC) AS window_end,
           seen.seen_at AS window_start
    FROM seen CROSS JOIN clock
),
has_seen AS (
    SELECT EXISTS (SELECT 1 FROM notification_seen s WHERE s.user_id = %(user_id)s) AS any_seen
),
matched AS (
    SELECT n.id, n.specifier, n.group_id, n.type, n."timestamp", n.data,
           -- Ids the filters below look up; a value that is no 32-bit id names nothing.
           int4_id(n.data ->> 'user_id') AS ref_user,
           int4_id(n.data ->> 'follower_user_id') AS ref_follower,
           int4_id(n.data ->> 'comment_user_id') AS ref_commenter,
           int4_id(n.data ->> 'entity_user_id') AS ref_entity_user,
           int4_id(n.data ->> 'track_id') AS ref_track,
           int4_id(n.data ->> 'playlist_id') AS ref_playlist,
           int4_id(n.data ->> 'collaborator_user_id') AS ref_collaborator
    FROM notification n CROSS JOIN clock
    -- The recipient test is the GIN-indexed overlap (ix_notification). [newer] Announcements too reach only
    -- the users in their user_ids (the snapshot sent them to everyone who joined before them).
    WHERE ARRAY[%(user_id)s]::int[] && n.user_ids
      AND n.type = ANY(%(types)s::text[])
      -- Upstream dropped rows without a data object by accident (its NULL checks); here on purpose.
      AND jsonb_typeof(n.data) = 'object'
      -- The unread poll needs only the rows that can be unread: those after the last seen mark (every row
      -- when there is none). Unread groups sort first, so its count is unchanged.
      AND (NOT %(counts_only)s::boolean OR n."timestamp" > coalesce(
              (SELECT max(s.seen_at) FROM notification_seen s WHERE s.user_id = %(user_id)s), '-infinity'))
      AND (
            -- [newer] the first page reaches back 90 days only; cursors reach further.
            (%(ts)s::float8 = 0 AND %(group_id)s::text = '' AND n."timestamp" > clock.now_utc - interval '90 days')
         OR (%(ts)s::float8 = 0 AND %(group_id)s::text <> '' AND n.group_id < %(group_id)s::text)
         OR (%(ts)s::float8 > 0 AND n."timestamp" < clock.cursor_at)
         OR (%(ts)s::float8 > 0 AND %(group_id)s::text <> ''
             AND n."timestamp" = clock.cursor_at AND n.group_id < %(group_id)s::text)
      )
),
kept AS (
    SELECT m.*
    FROM matched m
    WHERE
      -- [newer] a `create` notification stays only while its track is current, not deleted and public (its
      -- playlist: not deleted and not private); a missing row drops it.
          (m.type <> 'create' OR NOT (m.data ? 'track_id') OR EXISTS (
              SELECT 1 FROM tracks t
              WHERE t.track_id = m.ref_track AND t.is_current AND NOT t.is_delete AND NOT t.is_unlisted))
      AND (m.type <> 'create' OR NOT (m.data ? 'playlist_id') OR EXISTS (
              SELECT 1 FROM playlists p
              WHERE p.playlist_id = m.ref_playlist AND p.is_current AND NOT p.is_delete AND NOT p.is_private))
      -- [newer] drop notifications caused by a user who is gone, deactivated or has a negative score
      -- (the fan club's artist and a manager request's grantor are not score-checked). Collaborator
      -- notifications carry none of these keys.
      AND (NOT (m.data ? 'user_id') OR user_in_good_standing(m.ref_user, m.type <> 'request_manager'))
      AND (NOT (m.data ? 'follower_user_id') OR user_in_good_standing(m.ref_follower, true))
      AND (NOT (m.data ? 'comment_user_id') OR user_in_good_standing(m.ref_commenter, true))
      AND (NOT (m.data ? 'entity_user_id')
           OR user_in_good_standing(m.ref_entity_user, m.type <> 'fan_club_text_post'))
)
SELECT
    k.type,
    k.group_id,
    -- Newest first; the handler re-sorts by specifier as upstream does. [newer] An invite carries the
    -- collaboration's current status when the row exists.
    json_agg(
        json_build_object(
            'type', k.type,
            'specifier', k.specifier,
            'timestamp', extract(epoch FROM k."timestamp"),
            'data', CASE WHEN k.type = 'track_collaborator_invite'
                         THEN coalesce((SELECT jsonb_set(k.data, '{status}', to_jsonb(tc.status), true)
                                        FROM track_collaborators tc
                                        WHERE tc.track_id = k.ref_track
                                          AND tc.collaborator_user_id = k.ref_collaborator), k.data)
                         ELSE k.data END)
        ORDER BY k."timestamp" DESC
    ) FILTER (WHERE NOT %(counts_only)s::boolean) AS actions,
    -- In a window: seen unless it is the newest one. In none: seen if the user ever saw anything.
    CASE WHEN w.window_end IS NOT NULL THEN w.window_end <> clock.now_utc ELSE hs.any_seen END AS is_seen,
    CASE WHEN w.window_end <> clock.now_utc THEN extract(epoch FROM w.window_end)::float8 END AS seen_at
FROM kept k
CROSS JOIN clock
CROSS JOIN has_seen hs
LEFT JOIN windows w ON w.window_end >= k."timestamp" AND w.window_start < k."timestamp"
GROUP BY
    k.type, k.group_id, w.window_end, w.window_start, hs.any_seen, clock.now_utc,
    -- A user who has seen notifications before gets the ones older than every window one by one.
    CASE WHEN w.window_end IS NULL AND hs.any_seen THEN k."timestamp" END
ORDER BY w.window_end DESC NULLS LAST, max(k."timestamp") DESC, k.group_id DESC
LIMIT %(lim)s
