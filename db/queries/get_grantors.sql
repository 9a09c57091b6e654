-- The users who granted a wallet the right to manage them (upstream GetGrantsForGranteeUserId, the
-- reverse of get_managers.sql): the wallet is %(address)s, or the wallet of user %(grantee_id)s. In grant
-- order, walking grants_lower_grantee_idx; a page when %(limit)s is set (a grantee wallet may be an app's,
-- granted by many), the whole list when it is null (a manager's managed users, unpaged as upstream).
SELECT g.user_id, g.grantee_address, g.is_revoked, g.is_approved, g.created_at, g.updated_at
FROM grants g
WHERE lower(g.grantee_address) = coalesce(
          lower(%(address)s::text),
          (SELECT lower(u.wallet) FROM users u WHERE u.user_id = %(grantee_id)s::int AND u.is_current))
  AND g.is_current
  AND g.is_revoked = %(is_revoked)s
  AND (%(is_approved)s::boolean IS NULL OR g.is_approved = %(is_approved)s::boolean)
ORDER BY g.created_at, g.user_id
LIMIT %(limit)s OFFSET %(offset)s
