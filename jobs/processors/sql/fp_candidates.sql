-- Go API: any current, not deleted playlist or album at or after starting_block counts; unlike legacy, the
-- number of tracks in it is not checked. Boolean: one step, complete at once.
-- starting_block and blocknumber are both on the entity-manager counter (see u_candidates.sql).
SELECT DISTINCT %(challenge_id)s AS challenge_id, d.playlist_owner_id AS user_id,
       to_hex(d.playlist_owner_id) AS specifier, 1 AS current_step_count, 1 AS step_count,
       %(amount)s AS amount, NULL::integer AS completed_blocknumber
FROM playlists d
WHERE d.blocknumber > %(since)s AND d.blocknumber <= %(through)s
  AND EXISTS (SELECT 1 FROM playlists p
              WHERE p.playlist_owner_id = d.playlist_owner_id AND p.is_current AND NOT p.is_delete
                AND p.blocknumber >= %(starting_block)s)
