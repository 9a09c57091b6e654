-- A user's managers: current grants whose grantee wallet belongs to a user (upstream FullManagers).
SELECT g.user_id, g.grantee_address, g.is_revoked, g.is_approved, g.created_at, g.updated_at,
       manager.user_id AS manager_user_id
FROM grants g
JOIN users manager ON lower(manager.wallet) = lower(g.grantee_address) AND manager.is_current
WHERE g.user_id = %(user_id)s
  AND g.is_current
  AND g.is_revoked = %(is_revoked)s
  AND (%(is_approved)s::boolean IS NULL OR g.is_approved = %(is_approved)s::boolean)
ORDER BY g.created_at, g.grantee_address
