-- Per-connection scratch tables of the plays processor: the plays of a batch as parsed, and the etl_plays
-- rows the batch really inserted (what hooks see). Emptied at every commit.
CREATE TEMP TABLE IF NOT EXISTS etl_plays_stage (
    seq          integer,
    user_id      text,
    track_id     text,
    city         text,
    region       text,
    country      text,
    played_at    timestamp,
    block_height bigint,
    tx_hash      text,
    play_index   integer,
    recorded_at  timestamp,
    signature    text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS new_etl_plays (LIKE etl_plays) ON COMMIT DELETE ROWS;
