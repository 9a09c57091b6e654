-- Reward challenges: the catalog, the per-user rows the job processors reconcile, their state tables, the
-- trending scores they read, and the source tables no indexer fills yet (USDC purchases, remix contest events)
-- with upstream's columns so tests and future writers can fill them. The catalog's rows come from
-- db/challenges.json (see db/catalog.py), not from this file, so an amount change needs no migration.

DO $$ BEGIN CREATE TYPE challengetype AS ENUM ('boolean', 'numeric', 'aggregate', 'trending');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE IF NOT EXISTS challenges (
    id varchar PRIMARY KEY,
    type challengetype NOT NULL,
    amount varchar NOT NULL,
    active boolean NOT NULL,
    step_count integer,
    starting_block integer,
    weekly_pool integer,
    cooldown_days integer
);

CREATE TABLE IF NOT EXISTS user_challenges (
    challenge_id varchar NOT NULL REFERENCES challenges (id),
    user_id integer NOT NULL,
    specifier varchar NOT NULL,
    is_complete boolean NOT NULL,
    current_step_count integer,
    completed_blocknumber integer,
    amount integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamp,
    PRIMARY KEY (challenge_id, specifier)
);
CREATE INDEX IF NOT EXISTS user_challenges_challenge_idx ON user_challenges (challenge_id);
CREATE INDEX IF NOT EXISTS user_challenges_user_idx ON user_challenges (user_id);
-- Caps count a challenge's rows by the first part of their specifier (the cosigning parent owner, the contest);
-- a LIKE prefix cannot use the primary key under a non-C collation, this can.
CREATE INDEX IF NOT EXISTS user_challenges_specifier_head_idx
    ON user_challenges (challenge_id, split_part(specifier, ':', 1), created_at);

CREATE TABLE IF NOT EXISTS challenge_disbursements (
    challenge_id varchar NOT NULL,
    user_id integer NOT NULL,
    specifier varchar NOT NULL,
    signature varchar NOT NULL,
    slot integer NOT NULL,
    amount varchar NOT NULL,
    created_at timestamptz DEFAULT now(),
    PRIMARY KEY (challenge_id, specifier)
);
CREATE INDEX IF NOT EXISTS challenge_disbursements_user_idx ON challenge_disbursements (user_id);
CREATE INDEX IF NOT EXISTS challenge_disbursements_created_at_idx ON challenge_disbursements (created_at);
CREATE INDEX IF NOT EXISTS challenge_disbursements_slot_idx ON challenge_disbursements (slot);

CREATE TABLE IF NOT EXISTS challenge_profile_completion (
    user_id integer PRIMARY KEY,
    profile_description boolean NOT NULL,
    profile_name boolean NOT NULL,
    profile_picture boolean NOT NULL,
    profile_cover_photo boolean NOT NULL,
    follows boolean NOT NULL,
    favorites boolean NOT NULL,
    reposts boolean NOT NULL
);

CREATE TABLE IF NOT EXISTS challenge_listen_streak (
    user_id integer PRIMARY KEY,
    last_listen_date timestamp,
    listen_streak integer NOT NULL
);

CREATE TABLE IF NOT EXISTS trending_results (
    user_id integer NOT NULL,
    id varchar,
    rank integer NOT NULL,
    type varchar NOT NULL,
    version varchar NOT NULL,
    week date NOT NULL,
    PRIMARY KEY (rank, type, version, week)
);

CREATE TABLE IF NOT EXISTS track_trending_scores (
    track_id integer NOT NULL,
    type varchar NOT NULL,
    genre varchar,
    version varchar NOT NULL,
    time_range varchar NOT NULL,
    score double precision NOT NULL,
    created_at timestamp NOT NULL,
    PRIMARY KEY (track_id, type, version, time_range)
);
CREATE INDEX IF NOT EXISTS track_trending_scores_rank_idx
    ON track_trending_scores (type, version, time_range, score DESC, track_id);
CREATE INDEX IF NOT EXISTS track_trending_scores_genre_idx
    ON track_trending_scores (genre, time_range, score DESC, track_id);
CREATE INDEX IF NOT EXISTS track_trending_scores_track_idx ON track_trending_scores (track_id);

-- The Go API's checkpoint table: one high-water mark per processor and source, e.g.
-- challenges:u:last_blocknumber. bigint where upstream has int: play ids and slots outgrow int.
CREATE TABLE IF NOT EXISTS indexing_checkpoints (
    tablename varchar PRIMARY KEY,
    last_checkpoint bigint NOT NULL,
    signature varchar
);

-- One row per job (processor), written by the runner after each attempt: what /health_check and /metrics
-- report. Counters are cumulative so Prometheus can take rates.
CREATE TABLE IF NOT EXISTS job_status (
    name varchar PRIMARY KEY,
    runs bigint NOT NULL DEFAULT 0,
    failures bigint NOT NULL DEFAULT 0,
    rows_changed bigint NOT NULL DEFAULT 0,
    last_started_at timestamptz,
    last_success_at timestamptz,
    last_duration_ms double precision,
    last_error text,
    last_error_at timestamptz,
    failing boolean NOT NULL DEFAULT false
);

DO $$ BEGIN CREATE TYPE event_type AS ENUM ('remix_contest', 'live_event', 'new_release');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE event_entity_type AS ENUM ('track', 'collection', 'user');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE IF NOT EXISTS events (
    event_id integer PRIMARY KEY,
    event_type event_type NOT NULL,
    user_id integer NOT NULL,
    entity_type event_entity_type,
    entity_id integer,
    end_date timestamp,
    is_deleted boolean DEFAULT false,
    event_data jsonb,
    created_at timestamp NOT NULL,
    updated_at timestamp NOT NULL,
    txhash text NOT NULL,
    blockhash text NOT NULL,
    blocknumber integer
);
CREATE INDEX IF NOT EXISTS events_blocknumber_idx ON events (blocknumber);
CREATE INDEX IF NOT EXISTS events_user_idx ON events (user_id);

DO $$ BEGIN CREATE TYPE usdc_purchase_content_type AS ENUM ('track', 'playlist', 'album');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE usdc_purchase_access_type AS ENUM ('stream', 'download');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE IF NOT EXISTS usdc_purchases (
    slot integer NOT NULL,
    signature varchar NOT NULL,
    buyer_user_id integer NOT NULL,
    seller_user_id integer NOT NULL,
    amount bigint NOT NULL,
    content_type usdc_purchase_content_type NOT NULL,
    content_id integer NOT NULL,
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now(),
    extra_amount bigint NOT NULL DEFAULT 0,
    access usdc_purchase_access_type NOT NULL DEFAULT 'stream',
    city varchar,
    region varchar,
    country varchar,
    vendor varchar,
    splits jsonb NOT NULL DEFAULT '[]',
    PRIMARY KEY (slot, signature)
);
CREATE INDEX IF NOT EXISTS usdc_purchases_buyer_idx ON usdc_purchases (buyer_user_id);
CREATE INDEX IF NOT EXISTS usdc_purchases_seller_idx ON usdc_purchases (seller_user_id);
CREATE INDEX IF NOT EXISTS usdc_purchases_content_type_idx ON usdc_purchases (content_type);

-- Dirty-set reads of the incremental processors (rows with blocknumber above a checkpoint).
CREATE INDEX IF NOT EXISTS saves_blocknumber_idx ON saves (blocknumber);
CREATE INDEX IF NOT EXISTS playlists_blocknumber_idx ON playlists (blocknumber);
CREATE INDEX IF NOT EXISTS comments_blocknumber_idx ON comments (blocknumber);
