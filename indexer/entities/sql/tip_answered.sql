-- The tip a reaction answers: received by the reacting user, with the signature it names; and the wallet of
-- its sender (the ETL's two lookups), or no row.
SELECT u.wallet AS sender_wallet
FROM user_tips ut
JOIN users u ON u.user_id = ut.sender_user_id AND u.is_current
WHERE ut.signature = %(reacted_to)s AND ut.receiver_user_id = %(user_id)s
LIMIT 1
