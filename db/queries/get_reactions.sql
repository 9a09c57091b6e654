-- bulkGetReactions: the latest reaction (of the type, when given) to each given signature, newest first, with
-- the user whose wallet sent the tip (sender_wallet; upstream's join on users.wallet). Each signature's
-- reactions are probed through reactions_reacted_to_idx and read up to their latest, so the cost is the
-- number of signatures asked for.
SELECT r.reacted_to, r.reaction_type, r.reaction_value, r.sender_user_id
FROM unnest(%(reacted_to)s::text[]) AS wanted (reacted_to)
CROSS JOIN LATERAL (
    SELECT r.reacted_to, r.reaction_type, r.reaction_value, u.user_id AS sender_user_id, r."timestamp", r.id
    FROM reactions r
    JOIN users u ON u.wallet = r.sender_wallet AND u.is_current
    WHERE r.reacted_to = wanted.reacted_to
      AND (%(type)s::text IS NULL OR r.reaction_type = %(type)s::text)
    ORDER BY r."timestamp" DESC, r.id DESC
    LIMIT 1
) r
ORDER BY r."timestamp" DESC, r.id DESC
