-- New plays as the indexer would write them (the plays trigger updates the aggregates): random listeners,
-- tracks skewed toward low ids like the seed, spread over the ten minutes after %(at)s.
INSERT INTO plays (user_id, play_item_id, created_at, source, slot)
SELECT 1 + floor(random() * %(users)s)::int,
       1 + floor(power(random(), 3) * %(tracks)s)::int,
       %(at)s::timestamp + random() * interval '10 minutes',
       'relay', 0
FROM generate_series(1, %(count)s)
