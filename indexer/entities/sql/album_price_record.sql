-- A new price row unless the playlist's latest one holds the same price and splits (compared as jsonb, as
-- track_price_record). One row per playlist and block time at most.
INSERT INTO album_price_history (playlist_id, splits, total_price_cents, blocknumber, block_timestamp)
SELECT %(playlist_id)s, %(splits)s, %(price)s, %(blocknumber)s, %(at)s
WHERE NOT EXISTS (
    SELECT 1
    FROM (SELECT h.total_price_cents, h.splits FROM album_price_history h
          WHERE h.playlist_id = %(playlist_id)s ORDER BY h.block_timestamp DESC LIMIT 1) last
    WHERE last.total_price_cents = %(price)s AND last.splits = %(splits)s)
ON CONFLICT (playlist_id, block_timestamp) DO NOTHING
