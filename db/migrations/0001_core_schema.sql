-- Core schema: upstream table and column names (AudiusProject/api sql/01_schema.sql).
-- Idempotent by rule: the runner re-runs any file whose content changed.
-- Entity tables keep upstream's versioned primary keys (..., txhash); the partial unique indexes on
-- "is_current" rows add what upstream only assumes: one current version per id, found by an index.



DO $$ BEGIN CREATE TYPE profile_type_enum AS ENUM ('label');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE reposttype AS ENUM ('track', 'playlist', 'album');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE TYPE savetype AS ENUM ('track', 'playlist', 'album');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE IF NOT EXISTS users (
    blockhash varchar,
    user_id integer NOT NULL,
    is_current boolean NOT NULL,
    handle varchar,
    wallet varchar,
    name text,
    profile_picture varchar,
    cover_photo varchar,
    bio varchar,
    location varchar,
    metadata_multihash varchar,
    creator_node_endpoint varchar,
    blocknumber integer,
    is_verified boolean NOT NULL DEFAULT false,
    created_at timestamp NOT NULL,
    updated_at timestamp NOT NULL,
    handle_lc varchar,
    cover_photo_sizes varchar,
    profile_picture_sizes varchar,
    primary_id integer,
    secondary_ids integer[],
    replica_set_update_signer varchar,
    has_collectibles boolean NOT NULL DEFAULT false,
    txhash varchar NOT NULL DEFAULT '',
    playlist_library jsonb,
    is_deactivated boolean NOT NULL DEFAULT false,
    slot integer,
    user_storage_account varchar,
    user_authority_account varchar,
    artist_pick_track_id integer,
    is_available boolean NOT NULL DEFAULT true,
    is_storage_v2 boolean NOT NULL DEFAULT false,
    allow_ai_attribution boolean NOT NULL DEFAULT false,
    spl_usdc_payout_wallet varchar,
    twitter_handle varchar,
    instagram_handle varchar,
    tiktok_handle varchar,
    verified_with_twitter boolean DEFAULT false,
    verified_with_instagram boolean DEFAULT false,
    verified_with_tiktok boolean DEFAULT false,
    website varchar,
    donation varchar,
    profile_type profile_type_enum,
    PRIMARY KEY (user_id, txhash)
);
CREATE UNIQUE INDEX IF NOT EXISTS users_current_user_id_idx ON users (user_id) WHERE is_current;
CREATE INDEX IF NOT EXISTS user_lower_wallet_idx ON users (lower(wallet));
CREATE INDEX IF NOT EXISTS users_user_id_is_deactivated_idx ON users (user_id, is_deactivated, is_available, is_current);
CREATE INDEX IF NOT EXISTS users_created_at_idx ON users (created_at, user_id, is_current);
CREATE INDEX IF NOT EXISTS users_handle_lc_idx ON users (handle_lc);
CREATE INDEX IF NOT EXISTS users_wallet_idx ON users (wallet);
CREATE INDEX IF NOT EXISTS users_blocknumber_idx ON users (blocknumber);

CREATE TABLE IF NOT EXISTS tracks (
    blockhash varchar,
    track_id integer NOT NULL,
    is_current boolean NOT NULL,
    is_delete boolean NOT NULL,
    owner_id integer NOT NULL,
    title text,
    cover_art varchar,
    tags varchar,
    genre varchar,
    mood varchar,
    credits_splits varchar,
    create_date varchar,
    file_type varchar,
    metadata_multihash varchar,
    blocknumber integer,
    created_at timestamp NOT NULL,
    description varchar,
    isrc varchar,
    iswc varchar,
    license varchar,
    updated_at timestamp NOT NULL,
    cover_art_sizes varchar,
    is_unlisted boolean NOT NULL DEFAULT false,
    field_visibility jsonb,
    route_id varchar,
    stem_of jsonb,
    remix_of jsonb,
    txhash varchar NOT NULL DEFAULT '',
    slot integer,
    is_available boolean NOT NULL DEFAULT true,
    stream_conditions jsonb,
    track_cid varchar,
    is_playlist_upload boolean NOT NULL DEFAULT false,
    duration integer DEFAULT 0,
    ai_attribution_user_id integer,
    preview_cid varchar,
    audio_upload_id varchar,
    preview_start_seconds double precision,
    release_date timestamp,
    track_segments jsonb NOT NULL DEFAULT '[]',
    is_scheduled_release boolean NOT NULL DEFAULT false,
    is_downloadable boolean NOT NULL DEFAULT false,
    download_conditions jsonb,
    is_original_available boolean NOT NULL DEFAULT false,
    orig_file_cid varchar,
    orig_filename varchar,
    playlists_containing_track integer[] NOT NULL DEFAULT '{}',
    placement_hosts text,
    ddex_app varchar,
    ddex_release_ids jsonb,
    artists jsonb,
    resource_contributors jsonb,
    indirect_resource_contributors jsonb,
    rights_controller jsonb,
    copyright_line jsonb,
    producer_copyright_line jsonb,
    parental_warning_type varchar,
    playlists_previously_containing_track jsonb NOT NULL DEFAULT '{}',
    allowed_api_keys text[],
    bpm double precision,
    musical_key varchar,
    audio_analysis_error_count integer NOT NULL DEFAULT 0,
    is_custom_bpm boolean DEFAULT false,
    is_custom_musical_key boolean DEFAULT false,
    comments_disabled boolean DEFAULT false,
    pinned_comment_id integer,
    cover_original_song_title varchar,
    cover_original_artist varchar,
    is_owned_by_user boolean NOT NULL DEFAULT false,
    is_stream_gated boolean DEFAULT false,
    is_download_gated boolean DEFAULT false,
    no_ai_use boolean DEFAULT false,
    PRIMARY KEY (track_id, txhash)
);
CREATE UNIQUE INDEX IF NOT EXISTS tracks_current_track_id_idx ON tracks (track_id) WHERE is_current;
CREATE INDEX IF NOT EXISTS track_owner_id_idx ON tracks (owner_id);
CREATE INDEX IF NOT EXISTS track_owner_idx ON tracks (owner_id, created_at);
CREATE INDEX IF NOT EXISTS tracks_track_id_idx ON tracks (track_id, is_unlisted, is_available, is_delete, is_current);
CREATE INDEX IF NOT EXISTS tracks_ownerid_genre_idx ON tracks (track_id, owner_id, genre, is_unlisted, is_delete)
    WHERE stem_of IS NULL;
CREATE INDEX IF NOT EXISTS tracks_created_at_idx ON tracks (created_at);
CREATE INDEX IF NOT EXISTS tracks_blocknumber_idx ON tracks (blocknumber);
CREATE INDEX IF NOT EXISTS tracks_track_cid_idx ON tracks (track_cid, is_delete);
CREATE INDEX IF NOT EXISTS tracks_isrc_idx ON tracks (isrc) WHERE is_current;

CREATE TABLE IF NOT EXISTS track_routes (
    slug varchar NOT NULL,
    title_slug varchar NOT NULL,
    collision_id integer NOT NULL,
    owner_id integer NOT NULL,
    track_id integer NOT NULL,
    is_current boolean NOT NULL,
    blockhash varchar,
    blocknumber integer,
    txhash varchar NOT NULL DEFAULT '',
    PRIMARY KEY (owner_id, slug)
);
CREATE INDEX IF NOT EXISTS track_routes_track_id_idx ON track_routes (track_id, is_current);

CREATE TABLE IF NOT EXISTS playlists (
    blockhash varchar,
    blocknumber integer,
    playlist_id integer NOT NULL,
    playlist_owner_id integer NOT NULL,
    is_album boolean NOT NULL,
    is_private boolean NOT NULL,
    playlist_name varchar,
    playlist_contents jsonb NOT NULL DEFAULT '{"track_ids": []}',
    playlist_image_multihash varchar,
    is_current boolean NOT NULL,
    is_delete boolean NOT NULL,
    description varchar,
    created_at timestamp NOT NULL,
    upc varchar,
    updated_at timestamp NOT NULL,
    playlist_image_sizes_multihash varchar,
    txhash varchar NOT NULL DEFAULT '',
    last_added_to timestamp,
    slot integer,
    metadata_multihash varchar,
    is_image_autogenerated boolean NOT NULL DEFAULT false,
    is_stream_gated boolean NOT NULL DEFAULT false,
    stream_conditions jsonb,
    ddex_app varchar,
    PRIMARY KEY (playlist_id, txhash)
);
CREATE UNIQUE INDEX IF NOT EXISTS playlists_current_playlist_id_idx ON playlists (playlist_id) WHERE is_current;
CREATE INDEX IF NOT EXISTS playlist_owner_id_idx ON playlists (playlist_owner_id);
CREATE INDEX IF NOT EXISTS playlist_created_at_idx ON playlists (created_at);

CREATE TABLE IF NOT EXISTS playlist_tracks (
    playlist_id integer NOT NULL,
    track_id integer NOT NULL,
    is_removed boolean NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (playlist_id, track_id)
);
CREATE INDEX IF NOT EXISTS playlist_tracks_track_id_idx ON playlist_tracks (track_id, created_at);

CREATE TABLE IF NOT EXISTS playlist_routes (
    slug varchar NOT NULL,
    title_slug varchar NOT NULL,
    collision_id integer NOT NULL,
    owner_id integer NOT NULL,
    playlist_id integer NOT NULL,
    is_current boolean NOT NULL,
    blockhash varchar,
    blocknumber integer,
    txhash varchar NOT NULL DEFAULT '',
    PRIMARY KEY (owner_id, slug)
);
CREATE INDEX IF NOT EXISTS playlist_routes_playlist_id_idx ON playlist_routes (playlist_id, is_current);

CREATE TABLE IF NOT EXISTS follows (
    blockhash varchar,
    blocknumber integer,
    follower_user_id integer NOT NULL,
    followee_user_id integer NOT NULL,
    is_current boolean NOT NULL,
    is_delete boolean NOT NULL,
    created_at timestamp NOT NULL,
    txhash varchar NOT NULL DEFAULT '',
    slot integer,
    PRIMARY KEY (follower_user_id, followee_user_id, txhash)
);
CREATE INDEX IF NOT EXISTS follows_inbound_idx ON follows (followee_user_id, follower_user_id, is_current, is_delete);
CREATE INDEX IF NOT EXISTS ix_follows_followee_user_id ON follows (followee_user_id, follower_user_id)
    WHERE is_current AND NOT is_delete;
CREATE INDEX IF NOT EXISTS ix_follows_follower_user_id ON follows (follower_user_id, followee_user_id)
    WHERE is_current AND NOT is_delete;
CREATE INDEX IF NOT EXISTS follows_blocknumber_idx ON follows (blocknumber);

CREATE TABLE IF NOT EXISTS subscriptions (
    blockhash varchar,
    blocknumber integer,
    subscriber_id integer NOT NULL,
    user_id integer NOT NULL,
    is_current boolean NOT NULL,
    is_delete boolean NOT NULL,
    created_at timestamp NOT NULL DEFAULT now(),
    txhash varchar NOT NULL DEFAULT '',
    PRIMARY KEY (subscriber_id, user_id, txhash)
);
CREATE INDEX IF NOT EXISTS subscriptions_user_id_idx ON subscriptions (user_id, subscriber_id)
    WHERE is_current AND NOT is_delete;

CREATE TABLE IF NOT EXISTS reposts (
    blockhash varchar,
    blocknumber integer,
    user_id integer NOT NULL,
    repost_item_id integer NOT NULL,
    repost_type reposttype NOT NULL,
    is_current boolean NOT NULL,
    is_delete boolean NOT NULL,
    created_at timestamp NOT NULL,
    txhash varchar NOT NULL DEFAULT '',
    slot integer,
    is_repost_of_repost boolean NOT NULL DEFAULT false,
    PRIMARY KEY (user_id, repost_item_id, repost_type, txhash)
);
CREATE INDEX IF NOT EXISTS repost_item_id_idx ON reposts (repost_item_id, repost_type, user_id, is_delete);
CREATE INDEX IF NOT EXISTS repost_user_id_idx ON reposts (user_id, repost_type, repost_item_id, created_at, is_delete);
CREATE INDEX IF NOT EXISTS reposts_created_at_idx ON reposts (created_at);
CREATE INDEX IF NOT EXISTS reposts_blocknumber_idx ON reposts (blocknumber);

CREATE TABLE IF NOT EXISTS saves (
    blockhash varchar,
    blocknumber integer,
    user_id integer NOT NULL,
    save_item_id integer NOT NULL,
    save_type savetype NOT NULL,
    is_current boolean NOT NULL,
    is_delete boolean NOT NULL,
    created_at timestamp NOT NULL,
    txhash varchar NOT NULL DEFAULT '',
    slot integer,
    is_save_of_repost boolean NOT NULL DEFAULT false,
    PRIMARY KEY (user_id, save_item_id, save_type, txhash)
);
CREATE INDEX IF NOT EXISTS save_item_id_idx ON saves (save_item_id, save_type, user_id, is_delete);
CREATE INDEX IF NOT EXISTS save_user_id_idx ON saves (user_id, save_type, save_item_id, is_delete);
CREATE INDEX IF NOT EXISTS saves_created_at_idx ON saves (created_at);

CREATE TABLE IF NOT EXISTS remixes (
    parent_track_id integer NOT NULL,
    child_track_id integer NOT NULL,
    PRIMARY KEY (parent_track_id, child_track_id)
);
CREATE INDEX IF NOT EXISTS remixes_child_idx ON remixes (child_track_id, parent_track_id);

CREATE TABLE IF NOT EXISTS stems (
    parent_track_id integer NOT NULL,
    child_track_id integer NOT NULL,
    PRIMARY KEY (parent_track_id, child_track_id)
);
CREATE INDEX IF NOT EXISTS stems_child_idx ON stems (child_track_id, parent_track_id);

CREATE TABLE IF NOT EXISTS comments (
    comment_id integer PRIMARY KEY,
    text text NOT NULL,
    user_id integer NOT NULL,
    entity_id integer NOT NULL,
    entity_type text NOT NULL,
    track_timestamp_s bigint,
    created_at timestamp NOT NULL,
    updated_at timestamp NOT NULL,
    is_delete boolean DEFAULT false,
    is_visible boolean DEFAULT true,
    is_edited boolean DEFAULT false,
    txhash text NOT NULL,
    blockhash text NOT NULL,
    blocknumber integer
);
CREATE INDEX IF NOT EXISTS comments_entity_idx ON comments (entity_id, entity_type);
CREATE INDEX IF NOT EXISTS comments_user_idx ON comments (user_id, created_at);

CREATE TABLE IF NOT EXISTS aggregate_user (
    user_id integer PRIMARY KEY,
    track_count bigint DEFAULT 0,
    playlist_count bigint DEFAULT 0,
    album_count bigint DEFAULT 0,
    follower_count bigint DEFAULT 0,
    following_count bigint DEFAULT 0,
    repost_count bigint DEFAULT 0,
    track_save_count bigint DEFAULT 0,
    supporter_count integer NOT NULL DEFAULT 0,
    supporting_count integer NOT NULL DEFAULT 0,
    dominant_genre varchar,
    dominant_genre_count integer DEFAULT 0,
    score integer DEFAULT 0,
    total_track_count bigint DEFAULT 0,
    track_share_count integer DEFAULT 0
);
CREATE INDEX IF NOT EXISTS aggregate_user_follower_count_idx ON aggregate_user (user_id, follower_count);
CREATE INDEX IF NOT EXISTS aggregate_user_dominant_genre_idx ON aggregate_user (dominant_genre, follower_count, user_id);

CREATE TABLE IF NOT EXISTS aggregate_track (
    track_id integer PRIMARY KEY,
    repost_count integer NOT NULL DEFAULT 0,
    save_count integer NOT NULL DEFAULT 0,
    comment_count integer DEFAULT 0,
    share_count integer DEFAULT 0
);

CREATE TABLE IF NOT EXISTS aggregate_plays (
    play_item_id integer PRIMARY KEY,
    count bigint
);

CREATE TABLE IF NOT EXISTS aggregate_monthly_plays (
    play_item_id integer NOT NULL,
    "timestamp" date NOT NULL DEFAULT CURRENT_TIMESTAMP,
    count integer NOT NULL,
    country text NOT NULL DEFAULT '',
    PRIMARY KEY (play_item_id, "timestamp", country)
);

CREATE TABLE IF NOT EXISTS plays (
    id serial PRIMARY KEY,
    user_id integer,
    source varchar,
    play_item_id integer NOT NULL,
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now(),
    slot integer,
    signature varchar,
    city varchar,
    region varchar,
    country varchar
);
-- Fewer indexes than upstream's seven: every play pays for each one on insert, and the indexer must keep up
-- with a backfill. Upstream's (slot), (signature) and (play_item_id, user_id) are prefixes of, or served by,
-- the two kept here and the relayed-play natural key (migration 0002); nothing reads plays by signature.
CREATE INDEX IF NOT EXISTS ix_plays_created_at ON plays (created_at);
CREATE INDEX IF NOT EXISTS ix_plays_user_play_item_date ON plays (play_item_id, user_id, created_at);

CREATE TABLE IF NOT EXISTS milestones (
    id integer NOT NULL,
    name varchar NOT NULL,
    threshold integer NOT NULL,
    blocknumber integer,
    slot integer,
    "timestamp" timestamp NOT NULL,
    PRIMARY KEY (id, name, threshold)
);
CREATE INDEX IF NOT EXISTS milestones_name_idx ON milestones (name, id);

CREATE TABLE IF NOT EXISTS notification (
    id serial PRIMARY KEY,
    specifier varchar NOT NULL,
    group_id varchar NOT NULL,
    type varchar NOT NULL,
    slot integer,
    blocknumber integer,
    "timestamp" timestamp NOT NULL,
    data jsonb,
    user_ids integer[],
    type_v2 varchar,
    CONSTRAINT uq_notification UNIQUE (group_id, specifier)
);
CREATE INDEX IF NOT EXISTS ix_notification ON notification USING gin (user_ids);
CREATE INDEX IF NOT EXISTS ix_notification_announcement ON notification (type, "timestamp")
    WHERE type = 'announcement';

CREATE TABLE IF NOT EXISTS notification_seen (
    user_id integer NOT NULL,
    seen_at timestamp NOT NULL,
    blocknumber integer,
    blockhash varchar,
    txhash varchar,
    PRIMARY KEY (user_id, seen_at)
);

CREATE TABLE IF NOT EXISTS grants (
    blockhash varchar,
    blocknumber integer,
    grantee_address varchar NOT NULL,
    user_id integer NOT NULL,
    is_revoked boolean NOT NULL DEFAULT false,
    is_current boolean NOT NULL,
    is_approved boolean,
    updated_at timestamp NOT NULL,
    created_at timestamp NOT NULL,
    txhash varchar NOT NULL,
    PRIMARY KEY (grantee_address, user_id, txhash)
);
CREATE INDEX IF NOT EXISTS grants_user_id_idx ON grants (user_id, grantee_address) WHERE is_current;
CREATE INDEX IF NOT EXISTS grants_grantee_address_idx ON grants (grantee_address) WHERE is_current;

CREATE TABLE IF NOT EXISTS user_balances (
    user_id integer PRIMARY KEY,
    balance varchar NOT NULL,
    associated_wallets_balance varchar NOT NULL DEFAULT '0',
    waudio varchar DEFAULT '0',
    associated_sol_wallets_balance varchar NOT NULL DEFAULT '0',
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS user_bank_accounts (
    signature varchar PRIMARY KEY,
    ethereum_address varchar NOT NULL,
    created_at timestamp NOT NULL,
    bank_account varchar NOT NULL
);
CREATE INDEX IF NOT EXISTS user_bank_accounts_eth_idx ON user_bank_accounts (ethereum_address);

CREATE TABLE IF NOT EXISTS usdc_user_bank_accounts (
    signature varchar PRIMARY KEY,
    ethereum_address varchar NOT NULL,
    created_at timestamp NOT NULL,
    bank_account varchar NOT NULL
);
CREATE INDEX IF NOT EXISTS usdc_user_bank_accounts_eth_idx ON usdc_user_bank_accounts (ethereum_address);

-- Created natively by the go-openaudio ETL (its migration 0033); IF NOT EXISTS lets both writers coexist.
CREATE TABLE IF NOT EXISTS track_collaborators (
    track_id integer NOT NULL,
    collaborator_user_id integer NOT NULL,
    invited_by integer NOT NULL,
    status text NOT NULL DEFAULT 'pending',
    created_at timestamp NOT NULL,
    updated_at timestamp NOT NULL,
    txhash varchar NOT NULL,
    blocknumber integer,
    PRIMARY KEY (track_id, collaborator_user_id),
    CONSTRAINT track_collaborators_status_check CHECK (status IN ('pending', 'accepted', 'rejected'))
);
CREATE INDEX IF NOT EXISTS idx_track_collaborators_collaborator
    ON track_collaborators (collaborator_user_id, status, track_id);
COMMENT ON TABLE track_collaborators IS
    'Collaborator artists on a track: the owner invites through the track metadata (pending); the collaborator accepts or rejects on chain.';

-- Search: word-prefix matching on titles, and "most played" walked in index order.
CREATE INDEX IF NOT EXISTS tracks_title_tsv_idx ON tracks USING gin (to_tsvector('simple', coalesce(title, '')))
    WHERE is_current;
CREATE INDEX IF NOT EXISTS aggregate_plays_count_idx ON aggregate_plays (count DESC NULLS LAST, play_item_id);
