-- created_at stays the grant's first; updated_at is this change's time.
UPDATE grants SET is_revoked = %(is_revoked)s, is_approved = %(is_approved)s, updated_at = %(at)s,
                  blocknumber = %(blocknumber)s, blockhash = %(blockhash)s, txhash = %(txhash)s
WHERE lower(grantee_address) = %(grantee)s AND user_id = %(grantor)s AND is_current
