-- The one row of this (grantee, grantor) pair: grants change in place, as the notification trigger expects.
SELECT is_revoked, is_approved FROM grants
WHERE lower(grantee_address) = %(grantee)s AND user_id = %(grantor)s AND is_current
