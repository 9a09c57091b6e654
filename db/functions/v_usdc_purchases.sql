-- The valid USDC purchases, the source of the audio matching challenges (b, s). Upstream's view reads an
-- is_valid flag its Solana indexer sets; its DDL is not published, so validity is defined here from what
-- usdc_purchases records:
--   - the content exists (current row of tracks for 'track', of playlists for 'playlist' and 'album');
--   - the recorded seller is the content's owner, and the buyer is not that owner;
--   - the content has a USDC price (usdc_purchase.price, in cents, of download_conditions for a download
--     when it has them, else of stream_conditions) and the amount paid (micro-USDC, 1 USDC = 10^6; the
--     extra_amount tip not included) is at least that price.
-- seller_user_id is the content owner. Validity is judged against the content as it is now: a price raised
-- after a purchase makes that purchase invalid for processors that read it afterwards (they read each slot
-- once, soon after it is written).
CREATE OR REPLACE VIEW v_usdc_purchases AS
SELECT p.slot, p.signature, p.buyer_user_id, content.owner_id AS seller_user_id, p.content_type, p.content_id,
       p.amount, p.extra_amount, p.access, p.created_at
FROM usdc_purchases p
CROSS JOIN LATERAL (
    SELECT t.owner_id,
           CASE WHEN p.access = 'download' THEN coalesce(t.download_conditions, t.stream_conditions)
                ELSE t.stream_conditions END AS conditions
    FROM tracks t
    WHERE p.content_type = 'track' AND t.track_id = p.content_id AND t.is_current
    UNION ALL
    SELECT pl.playlist_owner_id, pl.stream_conditions
    FROM playlists pl
    WHERE p.content_type IN ('playlist', 'album') AND pl.playlist_id = p.content_id AND pl.is_current
) content
WHERE p.seller_user_id = content.owner_id
  AND p.buyer_user_id <> content.owner_id
  AND jsonb_typeof(content.conditions -> 'usdc_purchase' -> 'price') = 'number'
  AND p.amount >= (content.conditions -> 'usdc_purchase' ->> 'price')::numeric * 10000;
