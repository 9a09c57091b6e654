-- The on_user_challenge trigger asks, for each reward completing with a cooldown, whether its user already
-- has a reward_in_cooldown notification from the last hour. Through the GIN index on user_ids that reads
-- every notification of the user (thousands for a popular one); this reads one index entry. Reward
-- notifications name one user, user_ids[1].
CREATE INDEX IF NOT EXISTS notification_reward_in_cooldown_idx ON notification ((user_ids[1]), "timestamp")
    WHERE type = 'reward_in_cooldown';
