-- Users by wallet (upstream also matches associated wallets and Solana claimable accounts, which are not
-- indexed here). Wallets compare case-insensitively, so a checksummed address finds its user; the
-- address answered is the stored wallet, as upstream. Deactivated users are left out, as upstream.
SELECT u.user_id, u.wallet AS address
FROM users u
WHERE lower(u.wallet) = ANY (%(addresses)s::text[]) AND u.is_current AND NOT u.is_deactivated
ORDER BY u.wallet, u.user_id
