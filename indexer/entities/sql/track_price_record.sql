-- A new price row unless the track's latest one holds the same price, splits and access. The ETL compares
-- the splits' JSON text against its own encoding, which differs from jsonb's output, so it rarely finds a
-- match; jsonb equality is the comparison it means. One row per track and block time at most.
INSERT INTO track_price_history (track_id, splits, total_price_cents, blocknumber, block_timestamp, access)
SELECT %(track_id)s, %(splits)s, %(price)s, %(blocknumber)s, %(at)s, %(access)s::usdc_purchase_access_type
WHERE NOT EXISTS (
    SELECT 1
    FROM (SELECT h.total_price_cents, h.splits, h.access FROM track_price_history h
          WHERE h.track_id = %(track_id)s ORDER BY h.block_timestamp DESC LIMIT 1) last
    WHERE last.total_price_cents = %(price)s AND last.splits = %(splits)s
      AND last.access = %(access)s::usdc_purchase_access_type)
ON CONFLICT (track_id, block_timestamp) DO NOTHING
