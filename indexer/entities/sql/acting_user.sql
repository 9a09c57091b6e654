-- The acting user's current row, and whether the signer may act for them: their wallet, or the grantee of
-- a current, approved, unrevoked grant from them whose grantee is a live developer app or an active (not
-- deactivated) user's wallet (the ETL's ValidateSigner).
SELECT u.user_id, u.handle, u.wallet, u.is_deactivated,
       lower(u.wallet) = %(signer)s OR EXISTS (
           SELECT 1 FROM grants g
           WHERE g.user_id = u.user_id AND g.is_current AND lower(g.grantee_address) = %(signer)s
             AND g.is_approved AND NOT g.is_revoked
             AND (EXISTS (SELECT 1 FROM developer_apps a WHERE a.address = %(signer)s AND NOT a.is_delete)
                  OR EXISTS (SELECT 1 FROM users m
                             WHERE lower(m.wallet) = %(signer)s AND m.is_current AND NOT m.is_deactivated))
       ) AS signer_allowed
FROM users u
WHERE u.user_id = %(user_id)s AND u.is_current
