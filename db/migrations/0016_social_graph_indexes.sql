-- User lists in upstream's order (followers, following, mutuals, a track's reposters and savers: most
-- followed first). The order is a column of aggregate_user, not of the list's own rows, so a long list
-- (a celebrity's 100,000 followers) is read by walking users in this order and probing each for a
-- membership, stopping at the page, instead of reading and sorting the whole list on every request.
CREATE INDEX IF NOT EXISTS aggregate_user_by_followers_idx ON aggregate_user (follower_count DESC, user_id);
