-- The profile user's own tracks. Deactivation is checked on each track's owner, as upstream.
    SELECT t.* FROM tracks t
    WHERE t.owner_id = %(user_id)s AND t.is_current
      AND EXISTS (SELECT 1 FROM users u WHERE u.user_id = %(user_id)s AND u.is_current AND NOT u.is_deactivated)
