INSERT INTO grants (grantee_address, user_id, is_revoked, is_current, is_approved, created_at, updated_at,
                    blocknumber, blockhash, txhash)
VALUES (%(grantee)s, %(grantor)s, %(is_revoked)s, true, %(is_approved)s, %(at)s, %(at)s, %(blocknumber)s,
        %(blockhash)s, %(txhash)s)
