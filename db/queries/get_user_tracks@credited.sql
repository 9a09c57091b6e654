-- The profile user's own tracks plus the tracks they accepted a credit on (credit_ids, from the probe).
-- Deactivation is checked on each track's owner, as upstream.
    SELECT t.* FROM tracks t
    WHERE t.owner_id = %(user_id)s AND t.is_current
      AND EXISTS (SELECT 1 FROM users u WHERE u.user_id = %(user_id)s AND u.is_current AND NOT u.is_deactivated)
    UNION ALL
    SELECT t.* FROM tracks t
    WHERE t.track_id = ANY(%(credit_ids)s::integer[])
      AND t.is_current
      AND t.owner_id <> %(user_id)s
      AND EXISTS (SELECT 1 FROM users u WHERE u.user_id = t.owner_id AND u.is_current AND NOT u.is_deactivated)
