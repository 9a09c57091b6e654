-- Top users, top users in a genre, related users (issue 18, followers/people/managers).

-- Top users (upstream: users with a public track, most followed first, ties by user id): a walk of this
-- index in the page's order, never a sort of every artist per request. Partial on track_count > 0, so
-- the walk never passes the many users without a track.
CREATE INDEX IF NOT EXISTS aggregate_user_top_idx ON aggregate_user (follower_count DESC, user_id)
    WHERE track_count > 0;
-- The same order within a genre (top users in a genre, related users). A dominant genre implies a public
-- track (db/functions/handle_track_genre.sql counts the same tracks as track_count).
CREATE INDEX IF NOT EXISTS aggregate_user_genre_top_idx
    ON aggregate_user (dominant_genre, follower_count DESC, user_id) WHERE track_count > 0;

-- Dominant genres of tracks indexed before the trigger kept them (the trigger's own rule, for every
-- owner at once). Running it again changes nothing: only rows whose answer differs are written.
WITH counted AS (
    SELECT owner_id, genre, count(*) AS n
    FROM tracks
    WHERE is_current AND NOT is_delete AND NOT is_unlisted AND is_available AND stem_of IS NULL
      AND genre <> ''
    GROUP BY owner_id, genre
),
top AS (
    SELECT DISTINCT ON (owner_id) owner_id, genre, n FROM counted ORDER BY owner_id, n DESC, genre
)
UPDATE aggregate_user a
SET dominant_genre = top.genre, dominant_genre_count = top.n
FROM top
WHERE a.user_id = top.owner_id
  AND (a.dominant_genre IS DISTINCT FROM top.genre OR a.dominant_genre_count IS DISTINCT FROM top.n);

-- A user's subscribers (and the bulk form) in upstream's order, subscriber id: a range of this index.
-- Event subscriptions share the table (their user_id holds an event id), so the index holds user ones only.
CREATE INDEX IF NOT EXISTS subscriptions_user_subscribers_idx ON subscriptions (user_id, subscriber_id)
    WHERE is_current AND NOT is_delete AND entity_type = 'User';

-- The users who granted a wallet (managed users, a grantee's users): wallets compare case-insensitively.
CREATE INDEX IF NOT EXISTS grants_lower_grantee_idx ON grants (lower(grantee_address), created_at, user_id)
    WHERE is_current;
