-- GET /challenges/undisbursed reads complete user challenges in its order (user, challenge, completion
-- block), for one user or for all (the disburser's poll); the page stops after `limit` undisbursed rows.
CREATE INDEX IF NOT EXISTS user_challenges_undisbursed_idx
    ON user_challenges (user_id, challenge_id, completed_blocknumber) WHERE is_complete;
