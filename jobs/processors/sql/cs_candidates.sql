WITH actions AS (
    SELECT user_id, save_item_id AS item_id FROM saves
    WHERE blocknumber > %(since)s AND blocknumber <= %(through)s
      AND save_type = 'track' AND is_current AND NOT is_delete
    UNION
    SELECT user_id, repost_item_id FROM reposts
    WHERE blocknumber > %(since)s AND blocknumber <= %(through)s
      AND repost_type = 'track' AND is_current AND NOT is_delete
), pairs AS (
    SELECT DISTINCT parent.owner_id AS parent_owner_id, child.track_id AS remix_track_id,
           child.owner_id AS remixer_id
    FROM actions a
    JOIN remixes r ON r.child_track_id = a.item_id
    JOIN tracks parent ON parent.track_id = r.parent_track_id AND parent.is_current AND parent.owner_id = a.user_id
    JOIN tracks child ON child.track_id = r.child_track_id AND child.is_current
    JOIN users u ON u.user_id = parent.owner_id AND u.is_current AND u.is_verified
), fresh AS (
    -- Pairs already rewarded are no-ops and must not take a place under the cap.
    SELECT p.*, to_hex(p.parent_owner_id) || ':' || to_hex(p.remix_track_id) AS specifier
    FROM pairs p
    WHERE NOT EXISTS (SELECT 1 FROM user_challenges uc
                      WHERE uc.challenge_id = %(challenge_id)s
                        AND uc.specifier = to_hex(p.parent_owner_id) || ':' || to_hex(p.remix_track_id))
), ranked AS (
    -- The Go API orders cosigns by the earliest save or repost of the pair.
    SELECT f.*, row_number() OVER (PARTITION BY f.parent_owner_id ORDER BY cosigned.at, f.remix_track_id) AS n
    FROM fresh f
    CROSS JOIN LATERAL (
        SELECT min(at) AS at FROM (
            SELECT created_at AS at FROM saves
            WHERE user_id = f.parent_owner_id AND save_type = 'track' AND save_item_id = f.remix_track_id
              AND is_current AND NOT is_delete
            UNION ALL
            SELECT created_at FROM reposts
            WHERE user_id = f.parent_owner_id AND repost_type = 'track' AND repost_item_id = f.remix_track_id
              AND is_current AND NOT is_delete) actions_of_pair
    ) cosigned
)
SELECT %(challenge_id)s AS challenge_id, r.remixer_id AS user_id, r.specifier,
       1 AS current_step_count, 1 AS step_count, %(amount)s AS amount, NULL::integer AS completed_blocknumber
FROM ranked r
WHERE r.n + (SELECT count(*) FROM user_challenges uc
             WHERE uc.challenge_id = %(challenge_id)s
               AND split_part(uc.specifier, ':', 1) = to_hex(r.parent_owner_id)
               AND uc.created_at >= %(now)s::timestamp - interval '30 days') <= %(cap)s
