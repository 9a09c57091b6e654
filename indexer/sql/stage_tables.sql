-- Per-connection scratch of the plays processor. etl_plays_stage holds a batch's plays when some of its
-- heights already have etl_plays rows (a replay), so they go through ON CONFLICT; a fresh batch is copied
-- straight into etl_plays. new_etl_plays is what the plays hooks read: the rows this flush really inserted,
-- selected by the height range and first id that flush() sets for the transaction.
CREATE TEMP TABLE IF NOT EXISTS etl_plays_stage (
    user_id      text,
    track_id     text,
    city         text,
    region       text,
    country      text,
    played_at    timestamp,
    block_height bigint,
    tx_hash      text,
    tx_index     integer,
    play_index   integer,
    listened_at  timestamp,
    recorded_at  timestamp,
    signature    text
) ON COMMIT DELETE ROWS;
CREATE OR REPLACE TEMP VIEW new_etl_plays AS
SELECT * FROM etl_plays
WHERE block_height BETWEEN current_setting('openaudio.new_plays_from', true)::bigint
                       AND current_setting('openaudio.new_plays_to', true)::bigint
  AND id >= current_setting('openaudio.new_plays_first_id', true)::bigint;
