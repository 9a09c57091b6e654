-- What the ETL's Comment React/Unreact, Comment Report and MutedUser Mute/Unmute write (upstream's tables):
-- one row per (comment, user) or (muted user, user), changed in place; is_delete marks an undone one.
CREATE TABLE IF NOT EXISTS comment_reactions (
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
CREATE INDEX IF NOT EXISTS comment_reactions_user_idx ON comment_reactions (user_id, comment_id) WHERE NOT is_delete;

CREATE TABLE IF NOT EXISTS comment_reports (
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

-- user_id muted muted_user_id (their comments are hidden from user_id).
CREATE TABLE IF NOT EXISTS muted_users (
    muted_user_id integer   NOT NULL,
    user_id       integer   NOT NULL,
    created_at    timestamp NOT NULL,
    updated_at    timestamp NOT NULL,
    is_delete     boolean   NOT NULL DEFAULT false,
    txhash        text      NOT NULL,
    blockhash     text,
    blocknumber   integer,
    PRIMARY KEY (muted_user_id, user_id)
);
CREATE INDEX IF NOT EXISTS muted_users_user_idx ON muted_users (user_id, muted_user_id) WHERE NOT is_delete;
