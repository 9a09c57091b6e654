-- The account behind a wallet: the wallet's current user (upstream: the one with a handle, then the
-- oldest; upstream's ORDER BY put the handle-less first, surely not meant), with the fields only the
-- account answer has.
SELECT u.user_id, u.playlist_library, coalesce(au.track_save_count, 0) AS track_save_count
FROM users u
LEFT JOIN aggregate_user au ON au.user_id = u.user_id
WHERE lower(u.wallet) = lower(%(wallet)s) AND u.is_current
ORDER BY u.handle IS NOT NULL DESC, u.created_at, u.user_id
LIMIT 1
