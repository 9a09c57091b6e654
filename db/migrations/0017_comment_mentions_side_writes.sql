-- What the ETL writes beside comments, tracks and playlists: the users a comment mentions, the price
-- history of USDC-gated tracks and albums, and subscriptions to a remix contest.

-- The users a comment mentions, as the ETL's Comment Create and Update write them (upstream's table): one
-- row per (comment, user), changed in place; an Update that names a new set marks the dropped ones deleted.
-- The comments API serves the live rows as a comment's `mentions`.
CREATE TABLE IF NOT EXISTS comment_mentions (
    comment_id  integer   NOT NULL,
    user_id     integer   NOT NULL,
    created_at  timestamp NOT NULL,
    updated_at  timestamp NOT NULL,
    is_delete   boolean   NOT NULL DEFAULT false,
    txhash      text      NOT NULL,
    blockhash   text,
    blocknumber integer,
    PRIMARY KEY (comment_id, user_id)
);
-- "Where was this user mentioned": the mention notifications and a user's own view.
CREATE INDEX IF NOT EXISTS comment_mentions_user_idx ON comment_mentions (user_id, comment_id) WHERE NOT is_delete;

-- A USDC-gated track's prices over time, as the ETL's Track Create and Update record them (upstream's
-- table): a row when the price, splits or access (stream, or download only) differ from the last one.
CREATE TABLE IF NOT EXISTS track_price_history (
    track_id          integer   NOT NULL,
    splits            jsonb     NOT NULL,
    total_price_cents bigint    NOT NULL,
    blocknumber       integer   NOT NULL,
    block_timestamp   timestamp NOT NULL,
    created_at        timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    access            usdc_purchase_access_type NOT NULL DEFAULT 'stream',
    PRIMARY KEY (track_id, block_timestamp)
);

-- What a subscription is to, as upstream: 'User' (user_id is the followed user) or 'Event' (a remix
-- contest a submitter was subscribed to; user_id holds the event id, which entity_id mirrors). Every read
-- of user subscriptions names entity_type 'User'.
ALTER TABLE subscriptions ADD COLUMN IF NOT EXISTS entity_type text NOT NULL DEFAULT 'User';
ALTER TABLE subscriptions ADD COLUMN IF NOT EXISTS entity_id integer;

-- A USDC stream-gated playlist's (an album's) prices over time, as the ETL's Playlist Create and Update record
-- them (upstream's table).
CREATE TABLE IF NOT EXISTS album_price_history (
    playlist_id       integer   NOT NULL,
    splits            jsonb     NOT NULL,
    total_price_cents bigint    NOT NULL,
    blocknumber       integer   NOT NULL,
    block_timestamp   timestamp NOT NULL,
    created_at        timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    PRIMARY KEY (playlist_id, block_timestamp)
);
