-- Trending playlists and albums (issue 20): the scores the trending_playlist_scores job writes each hour
-- (jobs/processors/sql/trending_playlist_scores_refresh.sql), upstream's table and columns. Only playlists
-- that may trend have rows (the job applies upstream's track-count rules), and is_album is stored, so
-- getTrendingPlaylists walks one partition of the page index, best first, and stops after one page, instead
-- of counting every playlist's tracks per request as upstream's Go API does.
CREATE TABLE IF NOT EXISTS playlist_trending_scores (
    playlist_id integer NOT NULL,
    type varchar NOT NULL,
    version varchar NOT NULL,
    time_range varchar NOT NULL,
    score double precision NOT NULL,
    is_album boolean NOT NULL DEFAULT false,
    created_at timestamp NOT NULL,
    PRIMARY KEY (playlist_id, type, version, time_range)
);
CREATE INDEX IF NOT EXISTS playlist_trending_scores_page_idx
    ON playlist_trending_scores (type, version, time_range, is_album, score DESC, playlist_id DESC);

-- The hourly refresh reads every live repost and save of a playlist or album (the all-time karma sums their
-- users' followers); tracks' engagement is most of both tables, so these keep the pass to collections.
CREATE INDEX IF NOT EXISTS reposts_collection_idx ON reposts (repost_item_id, user_id, created_at)
    WHERE repost_type <> 'track' AND is_current AND NOT is_delete;
CREATE INDEX IF NOT EXISTS saves_collection_idx ON saves (save_item_id, user_id, created_at)
    WHERE save_type <> 'track' AND is_current AND NOT is_delete;

-- Tip reactions (issue 21): a tip's receiver reacts to it with ManageEntity Tip Update {reacted_to: the tip's
-- signature, reaction_value 1..4}, as go-openaudio's ETL indexes it (indexer/entities/tips.py). Upstream's
-- reactions columns; sender_wallet is the wallet of the tip's sender (whom the reaction answers), found in
-- user_tips. txhash (ours) makes a replayed block write the reaction once.
CREATE TABLE IF NOT EXISTS reactions (
    id serial PRIMARY KEY,
    reaction_value integer NOT NULL,
    sender_wallet varchar NOT NULL,
    reaction_type varchar NOT NULL,
    reacted_to varchar NOT NULL,
    "timestamp" timestamp NOT NULL,
    blocknumber integer,
    txhash varchar NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX IF NOT EXISTS reactions_txhash_idx ON reactions (txhash) WHERE txhash <> '';
-- bulkGetReactions: the latest reaction to each given signature (of a type).
CREATE INDEX IF NOT EXISTS reactions_reacted_to_idx ON reactions (reacted_to, reaction_type, "timestamp" DESC, id DESC);

-- Tips are Solana transfers, indexed from Solana upstream (not from the core chain): upstream's columns, so a
-- reaction can be checked against the tip it answers. No writer fills it yet (as events and usdc_purchases):
-- until one does, every tip reaction is refused as answering no known tip, as the ETL refuses it.
CREATE TABLE IF NOT EXISTS user_tips (
    slot integer NOT NULL,
    signature varchar NOT NULL,
    sender_user_id integer NOT NULL,
    receiver_user_id integer NOT NULL,
    amount bigint NOT NULL,
    created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (slot, signature)
);
CREATE INDEX IF NOT EXISTS user_tips_signature_idx ON user_tips (signature, receiver_user_id);
