SELECT %(challenge_id)s AS challenge_id, cm.user_id,
       to_hex(cm.user_id) || ':' || to_hex(t.track_id) AS specifier,
       1 AS current_step_count, 1 AS step_count, %(amount)s AS amount, NULL::integer AS completed_blocknumber
FROM tracks t
JOIN comments cm ON cm.comment_id = t.pinned_comment_id
JOIN users owner ON owner.user_id = t.owner_id AND owner.is_current AND owner.is_verified
WHERE t.blocknumber > %(since)s AND t.blocknumber <= %(through)s
  AND t.is_current AND NOT t.is_delete
  AND cm.is_delete = false
  AND cm.user_id <> t.owner_id
