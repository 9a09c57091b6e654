-- New etl_plays rows (this batch's temp table) into plays, in chain order. Ids are checked as positive
-- int32 decimals before the cast, so a malformed one never errors here.
INSERT INTO plays (user_id, source, play_item_id, created_at, updated_at, slot, signature, city, region, country)
SELECT CASE WHEN is_int_id(n.user_id) THEN n.user_id::integer END,
       'relay', n.track_id::integer, n.played_at, now(), n.block_height::integer, n.signature,
       nullif(n.city, ''), nullif(n.region, ''), nullif(n.country, '')
FROM new_etl_plays n
WHERE is_int_id(n.track_id)
ORDER BY n.id
ON CONFLICT (slot, signature, play_item_id, user_id, created_at) WHERE slot IS NOT NULL AND signature IS NOT NULL
DO NOTHING
