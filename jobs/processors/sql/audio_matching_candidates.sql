SELECT DISTINCT ON (specifier) *
FROM (
    SELECT %(challenge_id)s AS challenge_id,
           CASE WHEN %(for_buyer)s THEN v.buyer_user_id ELSE v.seller_user_id END AS user_id,
           to_hex(v.buyer_user_id) || ':' || to_hex(v.content_id) AS specifier,
           1 AS current_step_count, 1 AS step_count, %(amount)s * (v.amount / 1000000)::integer AS amount,
           NULL::integer AS completed_blocknumber, v.slot, v.signature
    FROM v_usdc_purchases v
    WHERE v.slot > %(since)s AND v.slot <= %(through)s
      AND v.amount >= 1000000
      AND (%(for_buyer)s OR EXISTS (SELECT 1 FROM users seller
                                    WHERE seller.user_id = v.seller_user_id AND seller.is_current
                                      AND seller.is_verified))
) purchases
ORDER BY specifier, slot, signature
