-- Only plays not already on record (same transaction, same position) are inserted, and only those are
-- handed to the hooks.
WITH inserted AS (
    INSERT INTO etl_plays (user_id, track_id, city, region, country, played_at, block_height, tx_hash,
                           play_index, listened_at, recorded_at, signature)
    SELECT user_id, track_id, city, region, country, played_at, block_height, tx_hash, play_index, played_at,
           recorded_at, signature
    FROM etl_plays_stage ORDER BY seq
    ON CONFLICT (tx_hash, play_index) DO NOTHING
    RETURNING *
)
INSERT INTO new_etl_plays SELECT * FROM inserted
