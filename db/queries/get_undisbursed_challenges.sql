-- Complete user challenges with no disbursement yet (upstream v1_challenges_undisbursed.go): active
-- challenges, current and active users, no challenge_disbursements row for (challenge_id, specifier) whoever
-- its user (the Go API's rule; legacy also matched the user). Upstream's order.
--
-- The slot narrows the rows the way an index can find them, one variant per kind of request, so that even a
-- generic plan seeks an index (migration 0008): @user (one user's rows), @after (the disburser's cursor:
-- completed strictly after a block), @all (neither: walk the rows in the page's order).
SELECT uc.challenge_id, uc.user_id, uc.specifier, uc.amount, uc.completed_blocknumber, u.handle, u.wallet,
       uc.created_at, uc.completed_at, c.cooldown_days
FROM user_challenges uc
JOIN challenges c ON c.id = uc.challenge_id AND c.active
JOIN users u ON u.user_id = uc.user_id AND u.is_current AND NOT u.is_deactivated
WHERE uc.is_complete
  /*@narrow*/
  AND (%(challenge_id)s::text IS NULL OR uc.challenge_id = %(challenge_id)s::text)
  AND (%(completed_blocknumber)s::integer IS NULL OR uc.completed_blocknumber > %(completed_blocknumber)s::integer)
  AND NOT EXISTS (
      SELECT 1 FROM challenge_disbursements d
      WHERE d.challenge_id = uc.challenge_id AND d.specifier = uc.specifier)
ORDER BY uc.user_id, uc.challenge_id, uc.completed_blocknumber
LIMIT %(limit)s OFFSET %(offset)s
