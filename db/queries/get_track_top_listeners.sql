-- A track's listeners, most hours with a play of it first (upstream v1_track_top_listeners counts distinct
-- (listener, hour) pairs). Read from track_listeners, which the plays trigger keeps (migration 0016), in
-- its index order, so a page costs limit + offset index entries whatever the track's plays. Ties break on
-- user_id ASC; upstream puts the listener with more followers first among equals, which would need every
-- tied listener's follower count and a sort of them all (a million one-hour listeners for a hit).
SELECT l.user_id, l.listen_hours AS count
FROM track_listeners l
WHERE l.track_id = %(track_id)s
ORDER BY l.listen_hours DESC, l.user_id
LIMIT %(limit)s OFFSET %(offset)s
