-- Track Download and Share, as the ETL keeps them: one row per transaction (its hash in the key, so a
-- replayed block writes nothing twice). A download of a stem counts for its parent track too
-- (parent_track_id is the parent, or the track itself).
CREATE TABLE IF NOT EXISTS track_downloads (
    txhash          varchar   NOT NULL,
    blocknumber     integer,
    parent_track_id integer   NOT NULL,
    track_id        integer   NOT NULL,
    user_id         integer,
    city            varchar,
    region          varchar,
    country         varchar,
    created_at      timestamp NOT NULL,
    PRIMARY KEY (parent_track_id, track_id, txhash)
);
CREATE INDEX IF NOT EXISTS track_downloads_user_idx ON track_downloads (user_id, created_at);

CREATE TABLE IF NOT EXISTS shares (
    user_id       integer   NOT NULL,
    share_item_id integer   NOT NULL,
    share_type    varchar   NOT NULL CHECK (share_type IN ('track', 'playlist', 'album')),
    created_at    timestamp NOT NULL,
    txhash        varchar   NOT NULL,
    blocknumber   integer,
    PRIMARY KEY (user_id, share_item_id, share_type, txhash)
);
CREATE INDEX IF NOT EXISTS shares_item_idx ON shares (share_item_id, share_type);
