-- Tip reactions over a seeded catalogue (the demo seed writes none), for the load bench: 20,000 tips between
-- users, as a Solana tips indexer would store them, and a reaction to each by its receiver (every tenth tip
-- reacted to five times, as a receiver changing their mind). Runs once: a database with reactions is left
-- as it is.
WITH tips AS (
    INSERT INTO user_tips (slot, signature, sender_user_id, receiver_user_id, amount)
    SELECT n, 'benchtip' || n, 1 + (n * 7) %% %(users)s, 1 + (n * 13 + 1) %% %(users)s, 100000000
    FROM generate_series(1, 20000) n
    WHERE NOT EXISTS (SELECT 1 FROM reactions)
    RETURNING slot, signature, sender_user_id
)
INSERT INTO reactions (reaction_value, sender_wallet, reaction_type, reacted_to, "timestamp", blocknumber, txhash)
SELECT 1 + (t.slot + k) %% 4, u.wallet, 'tip', t.signature, timestamp '2025-01-01' + t.slot * interval '1 minute'
       + k * interval '1 second', 1, '0xbenchreaction' || t.slot || '-' || k
FROM tips t
JOIN users u ON u.user_id = t.sender_user_id AND u.is_current
CROSS JOIN LATERAL generate_series(1, CASE WHEN t.slot %% 10 = 0 THEN 5 ELSE 1 END) k
