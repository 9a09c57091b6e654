-- User rows for hydration: one round trip for any number of ids (upstream get_users.sql semantics).
-- Users without an aggregate_user row vanish (INNER JOIN), as upstream.
SELECT
    u.user_id, u.handle, u.handle_lc, u.name, u.bio, u.location, u.wallet, u.website, u.donation,
    u.twitter_handle, u.instagram_handle, u.tiktok_handle,
    coalesce(u.verified_with_twitter, false) AS verified_with_twitter,
    coalesce(u.verified_with_instagram, false) AS verified_with_instagram,
    coalesce(u.verified_with_tiktok, false) AS verified_with_tiktok,
    u.is_verified, u.is_deactivated, u.is_available, u.is_storage_v2, u.has_collectibles,
    u.allow_ai_attribution, u.artist_pick_track_id, u.blocknumber, u.created_at, u.updated_at,
    u.creator_node_endpoint, u.profile_picture, u.profile_picture_sizes, u.cover_photo,
    u.cover_photo_sizes, u.playlist_library, u.profile_type::text AS profile_type,
    u.spl_usdc_payout_wallet,
    -- A user sees their own unlisted tracks counted.
    CASE WHEN u.user_id = %(my_id)s THEN au.total_track_count ELSE au.track_count END AS track_count,
    au.playlist_count, au.album_count, au.follower_count, au.following_count, au.repost_count,
    au.supporter_count, au.supporting_count,
    coalesce(ub.balance, '0') AS balance,
    coalesce(ub.associated_wallets_balance, '0') AS associated_wallets_balance,
    coalesce(ub.waudio, '0') AS waudio_balance,
    coalesce(ub.associated_sol_wallets_balance, '0') AS associated_sol_wallets_balance,
    bank.bank_account AS spl_wallet,
    usdc_bank.bank_account AS usdc_wallet,
    (%(my_id)s > 0 AND EXISTS (
        SELECT 1 FROM follows f WHERE f.follower_user_id = %(my_id)s AND f.followee_user_id = u.user_id
          AND f.is_current AND NOT f.is_delete)) AS does_current_user_follow,
    (%(my_id)s > 0 AND EXISTS (
        SELECT 1 FROM follows f WHERE f.follower_user_id = u.user_id AND f.followee_user_id = %(my_id)s
          AND f.is_current AND NOT f.is_delete)) AS does_follow_current_user,
    (%(my_id)s > 0 AND EXISTS (
        SELECT 1 FROM subscriptions s WHERE s.subscriber_id = %(my_id)s AND s.user_id = u.user_id
          AND s.entity_type = 'User' AND s.is_current AND NOT s.is_delete)) AS does_current_user_subscribe,
    -- How many of the viewer's followees follow this user (0 for the viewer themself).
    CASE WHEN %(my_id)s > 0 AND u.user_id <> %(my_id)s THEN (
        SELECT count(*) FROM follows mine
        JOIN follows theirs ON theirs.follower_user_id = mine.followee_user_id
                           AND theirs.followee_user_id = u.user_id
                           AND theirs.is_current AND NOT theirs.is_delete
        WHERE mine.follower_user_id = %(my_id)s AND mine.is_current AND NOT mine.is_delete
    ) ELSE 0 END AS current_user_followee_follow_count
FROM users u
JOIN aggregate_user au ON au.user_id = u.user_id
LEFT JOIN user_balances ub ON ub.user_id = u.user_id
LEFT JOIN LATERAL (
    SELECT b.bank_account FROM user_bank_accounts b WHERE b.ethereum_address = u.wallet LIMIT 1
) bank ON true
LEFT JOIN LATERAL (
    SELECT b.bank_account FROM usdc_user_bank_accounts b WHERE b.ethereum_address = u.wallet LIMIT 1
) usdc_bank ON true
WHERE u.user_id = ANY(%(ids)s)
  AND u.is_current
