-- The acting user's current row, and whether the signer may act for them: their wallet, or the grantee of
-- a current, approved, unrevoked grant from them that is not a deactivated user (upstream validate_signer;
-- an app grantee has no users row and stays valid: developer apps are not indexed here).
SELECT u.user_id, u.handle, u.wallet, u.is_deactivated,
       lower(u.wallet) = %(signer)s OR EXISTS (
           SELECT 1 FROM grants g
           WHERE g.user_id = u.user_id AND g.is_current AND lower(g.grantee_address) = %(signer)s
             AND g.is_approved AND NOT g.is_revoked
             AND NOT EXISTS (SELECT 1 FROM users m
                             WHERE lower(m.wallet) = %(signer)s AND m.is_current AND m.is_deactivated)
       ) AS signer_allowed
FROM users u
WHERE u.user_id = %(user_id)s AND u.is_current
