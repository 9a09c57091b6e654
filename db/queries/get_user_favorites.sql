-- A user's live track favorites as upstream's favorite objects (v1_users_favorites.go): oldest block first,
-- ties on the newest item, one page walked off saves_user_track_block_idx (migration 0020) with one
-- primary-key probe of the track per save (OFFSET 0 keeps it a probe for a user with 10,000 favorites).
-- Unlike upstream, a favorite of a track the viewer may not see (get_tracks.sql's rule) is left out: it
-- would tell an unlisted track's private id.
SELECT s.save_item_id, s.user_id, s.created_at
FROM saves s
CROSS JOIN LATERAL (
    SELECT 1 FROM tracks t
    WHERE t.track_id = s.save_item_id
      AND t.is_current
      AND (NOT t.is_unlisted OR t.owner_id = %(my_id)s OR track_invitee(t.track_id, %(my_id)s))
    OFFSET 0
) visible
WHERE s.user_id = %(user_id)s AND s.save_type = 'track' AND s.is_current AND NOT s.is_delete
ORDER BY s.blocknumber, s.save_item_id DESC
LIMIT %(limit)s OFFSET %(offset)s
