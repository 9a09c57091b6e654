-- Core-chain indexer: what it read, where it stopped, and the natural keys that make every write
-- exactly-once (go-openaudio ETL tables, plus the keys upstream lacked).

-- One row per indexed block, written in the same transaction as the block's rows: it is both the resume
-- point (MAX(height) per chain, read backwards off the primary key) and the mutex of a block. An indexer
-- claims a height by inserting its row first; a second indexer on the same height waits on that key and
-- then finds it taken. Legacy core_indexed_blocks columns, plus counts for operators.
CREATE TABLE IF NOT EXISTS core_indexed_blocks (
    chain_id    text        NOT NULL,
    height      bigint      NOT NULL,
    blockhash   text        NOT NULL,
    parenthash  text,
    plays_slot  integer,
    em_block    integer,
    block_time  timestamp,
    tx_count    integer     NOT NULL DEFAULT 0,
    indexed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, height)
);

-- Every TrackPlay as the chain carried it (ids are the raw strings). Upstream had no unique key here, so a
-- re-indexed height doubled its rows; (block_height, tx_index, play_index) is the play's position on chain,
-- and, being integers, a smaller index than one on the transaction hash.
CREATE TABLE IF NOT EXISTS etl_plays (
    id           bigserial PRIMARY KEY,
    user_id      text      NOT NULL,
    track_id     text      NOT NULL,
    city         text      NOT NULL DEFAULT '',
    region       text      NOT NULL DEFAULT '',
    country      text      NOT NULL DEFAULT '',
    played_at    timestamp NOT NULL,
    block_height bigint    NOT NULL,
    tx_hash      text      NOT NULL,
    tx_index     integer   NOT NULL,
    play_index   integer   NOT NULL,
    listened_at  timestamp NOT NULL,
    recorded_at  timestamp NOT NULL,
    signature    text      NOT NULL DEFAULT '',
    CONSTRAINT etl_plays_position UNIQUE (block_height, tx_index, play_index)
);

-- A relayed play's natural key in `plays`, whoever wrote it (this indexer's bridge, or an upstream bridge
-- on the same data): same block slot, signature, track, listener and time. Plays without a slot (seeded,
-- legacy sources) are not constrained. NULLS NOT DISTINCT: an anonymous listen's user_id is NULL.
CREATE UNIQUE INDEX IF NOT EXISTS plays_relay_natural_key
    ON plays (slot, signature, play_item_id, user_id, created_at) NULLS NOT DISTINCT
    WHERE slot IS NOT NULL AND signature IS NOT NULL;

-- Per-user listening counters (newer AudiusProject/api schema; they feed user scoring).
CREATE TABLE IF NOT EXISTS user_distinct_play_hours (
    user_id         integer PRIMARY KEY,
    hours_with_play integer NOT NULL DEFAULT 0,
    updated_at      timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS user_distinct_play_tracks (
    user_id     integer PRIMARY KEY,
    track_count integer NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL
);

-- Counters updated by every batch of plays: room on each page lets an update stay on its page (a HOT
-- update, no index entry) when no indexed column changes.
ALTER TABLE aggregate_monthly_plays SET (fillfactor = 70);
ALTER TABLE user_distinct_play_hours SET (fillfactor = 70);
ALTER TABLE user_distinct_play_tracks SET (fillfactor = 70);
-- Upstream's ix_plays_user_hour and the plays indexes that 0001 no longer creates: nothing here reads them,
-- and each costs every inserted play. Dropped where an earlier schema made them.
DROP INDEX IF EXISTS ix_plays_user_hour;
DROP INDEX IF EXISTS ix_plays_slot;
DROP INDEX IF EXISTS ix_plays_sig;
DROP INDEX IF EXISTS ix_plays_user_play_item;
DROP INDEX IF EXISTS ix_plays_user_track_date;

-- Transactions the indexer refused (bad signer, unknown entity, malformed play...): counted and kept for
-- operators instead of failing the block. Unique per transaction and reason, so a replay adds nothing.
CREATE TABLE IF NOT EXISTS core_skipped_transactions (
    chain_id   text        NOT NULL,
    height     bigint      NOT NULL,
    tx_hash    text        NOT NULL,
    item       integer     NOT NULL DEFAULT -1,
    kind       text        NOT NULL,
    reason     text        NOT NULL,
    skipped_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, tx_hash, item, kind)
);
CREATE INDEX IF NOT EXISTS core_skipped_transactions_height_idx ON core_skipped_transactions (chain_id, height);

-- The indexer's view of itself for /health_check: what it last saw of the chain and its last error.
-- Written outside block transactions, so a failing block still reports why it fails.
CREATE TABLE IF NOT EXISTS core_indexer_status (
    chain_id        text PRIMARY KEY,
    chain_height    bigint,
    last_error      text,
    last_error_at   timestamptz,
    failing_height  bigint,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
