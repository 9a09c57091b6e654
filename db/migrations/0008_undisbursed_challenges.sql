-- GET /challenges/undisbursed reads complete user challenges in its order (user, challenge, completion
-- block), for one user or for all, and the disburser pages it with a completion-block cursor
-- (completed_blocknumber > X), which the second index finds without walking every complete row.
CREATE INDEX IF NOT EXISTS user_challenges_undisbursed_idx
    ON user_challenges (user_id, challenge_id, completed_blocknumber) WHERE is_complete;
CREATE INDEX IF NOT EXISTS user_challenges_completed_blocknumber_idx
    ON user_challenges (completed_blocknumber) WHERE is_complete;
