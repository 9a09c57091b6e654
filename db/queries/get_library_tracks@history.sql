-- A listener's history derived from plays (we keep no user_listening_history): one row per track they
-- played, its latest play and their play count, read off ix_plays_user_track_date (migration 0020) index
-- only, so a request costs this listener's plays, never a scan of plays.
--@source
    SELECT p.play_item_id AS track_id, max(p.created_at) AS item_at, max(p.created_at) AS last_listen,
           count(*) AS listens, false AS truncated
    FROM plays p
    WHERE p.user_id = %(user_id)s
    GROUP BY p.play_item_id
--@bound
--@first
