-- A replayed range: only plays not already on record (same position on chain) are inserted, in chain order.
WITH inserted AS (
    INSERT INTO etl_plays (user_id, track_id, city, region, country, played_at, block_height, tx_hash,
                           tx_index, play_index, listened_at, recorded_at, signature)
    SELECT user_id, track_id, city, region, country, played_at, block_height, tx_hash, tx_index, play_index,
           listened_at, recorded_at, signature
    FROM etl_plays_stage ORDER BY block_height, tx_index, play_index
    ON CONFLICT (block_height, tx_index, play_index) DO NOTHING
    RETURNING id
)
SELECT count(*) AS inserted, coalesce(min(id), 0) AS first_id FROM inserted
