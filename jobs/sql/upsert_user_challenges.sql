-- The Go API's UpsertUserChallenge, set-based. A processor's query (spliced in at the slot) yields candidate
-- rows: challenge_id, user_id, specifier, current_step_count, step_count, amount, completed_blocknumber.
-- A row is complete when step_count > 0 and current_step_count >= step_count. On conflict:
--   completion is sticky, the amount freezes once complete, completed_at (and completed_blocknumber) are set
--   once, current_step_count follows the source.
-- The WHERE skips rows that would not change, so a tick over unchanged data writes nothing and the
-- user_challenges triggers do not fire again.
WITH candidates AS (
/*@candidates*/
), distinct_candidates AS (
    SELECT DISTINCT ON (challenge_id, specifier)
        challenge_id, user_id, specifier, current_step_count, amount, completed_blocknumber,
        step_count > 0 AND current_step_count >= step_count AS is_complete
    FROM candidates
    ORDER BY challenge_id, specifier, current_step_count DESC
)
INSERT INTO user_challenges AS uc (
    challenge_id, user_id, specifier, is_complete, current_step_count, amount, completed_blocknumber,
    created_at, completed_at)
SELECT challenge_id, user_id, specifier, is_complete, current_step_count, amount,
       CASE WHEN is_complete THEN completed_blocknumber END,
       %(now)s, CASE WHEN is_complete THEN %(now)s::timestamp END
FROM distinct_candidates
ORDER BY challenge_id, specifier
ON CONFLICT (challenge_id, specifier) DO UPDATE SET
    current_step_count = EXCLUDED.current_step_count,
    is_complete = uc.is_complete OR EXCLUDED.is_complete,
    amount = CASE WHEN uc.is_complete THEN uc.amount ELSE EXCLUDED.amount END,
    completed_at = coalesce(uc.completed_at, EXCLUDED.completed_at),
    completed_blocknumber = CASE WHEN uc.is_complete THEN uc.completed_blocknumber
                                 ELSE EXCLUDED.completed_blocknumber END
WHERE uc.current_step_count IS DISTINCT FROM EXCLUDED.current_step_count
   OR (EXCLUDED.is_complete AND NOT uc.is_complete)
   OR (NOT uc.is_complete AND uc.amount IS DISTINCT FROM EXCLUDED.amount)
