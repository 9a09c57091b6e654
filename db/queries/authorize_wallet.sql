-- May this wallet act as this user: it is the user's wallet, or an approved, unrevoked manager's.
-- Wallets compare case-insensitively (upstream compared exactly and relied on lowercase storage).
SELECT EXISTS (
           SELECT 1 FROM users
           WHERE user_id = %(user_id)s AND is_current AND lower(wallet) = %(wallet)s
       )
    OR EXISTS (
           SELECT 1 FROM grants
           WHERE user_id = %(user_id)s AND is_current AND lower(grantee_address) = %(wallet)s
             AND is_approved AND NOT is_revoked
       ) AS authorized
