-- The skewed cases of issue 18's remix and listener operations, added to a copy of the large test database
-- (tests/test_query_plans_remixes.py): a hit with 1,000,000 plays from 20,000 listeners, and a track with
-- 20,000 remixes. Both get ids above every seeded track, owned by user 1. Plays go through the plays trigger
-- as the indexer's batches do, so track_listeners is what the indexer would have left.
INSERT INTO tracks (track_id, is_current, is_delete, owner_id, title, genre, created_at, updated_at, txhash)
SELECT 900000 + n, true, false, 1, 'Skew ' || n, 'Electronic', timestamp '2024-06-01' + n * interval '1 minute',
       timestamp '2024-06-01' + n * interval '1 minute', '0xskew' || n
FROM generate_series(0, 20000) n;

-- 900000 is the remixed hit; 900001..920000 remix it.
INSERT INTO remixes (parent_track_id, child_track_id)
SELECT 900000, 900000 + n FROM generate_series(1, 20000) n;

-- Remix links among the seeded tracks, so the hit's remixes are a tenth of the table (one track's share of
-- a real remixes table is far smaller still), and stem links (the seed has none), so stems is big too.
INSERT INTO remixes (parent_track_id, child_track_id)
SELECT 1 + (n * 7919) % 200000, 1 + n % 200000 FROM generate_series(1, 170000) n
ON CONFLICT DO NOTHING;
INSERT INTO stems (parent_track_id, child_track_id)
SELECT 1 + (n * 31) % 200000, n FROM generate_series(1, 100000) n
ON CONFLICT DO NOTHING;

-- Half the plays come from 97 heavy listeners (one every ~23 minutes each: a distinct hour nearly every
-- hour of the 81 days), half are spread over all 20,000 users (25 hours each: a 19,903-way tie), in batches
-- of 100,000 plays (an indexer's batch is smaller still).
DO $$
BEGIN
    FOR batch IN 0..9 LOOP
        INSERT INTO plays (user_id, play_item_id, created_at, source)
        SELECT CASE WHEN n % 2 = 0 THEN 1 + (n / 2) % 20000 ELSE 1 + n % 97 END, 900000,
               timestamp '2024-07-01' + n * interval '7 seconds', 'relay'
        FROM generate_series(batch * 100000, batch * 100000 + 99999) n;
    END LOOP;
END $$;
ANALYZE;
