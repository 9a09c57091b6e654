-- In place: the current row takes the merged values and the transaction's place on chain.
UPDATE users SET
    handle = %(handle)s, handle_lc = lower(%(handle)s::varchar), name = %(name)s, bio = %(bio)s, location = %(location)s,
    profile_picture = %(profile_picture)s, profile_picture_sizes = %(profile_picture_sizes)s,
    cover_photo = %(cover_photo)s, cover_photo_sizes = %(cover_photo_sizes)s,
    creator_node_endpoint = %(creator_node_endpoint)s, artist_pick_track_id = %(artist_pick_track_id)s,
    allow_ai_attribution = %(allow_ai_attribution)s, playlist_library = %(playlist_library)s,
    twitter_handle = %(twitter_handle)s, instagram_handle = %(instagram_handle)s,
    tiktok_handle = %(tiktok_handle)s, website = %(website)s, donation = %(donation)s,
    spl_usdc_payout_wallet = %(spl_usdc_payout_wallet)s, profile_type = %(profile_type)s::profile_type_enum,
    is_deactivated = %(is_deactivated)s,
    is_verified = %(is_verified)s, verified_with_twitter = %(verified_with_twitter)s,
    verified_with_instagram = %(verified_with_instagram)s, verified_with_tiktok = %(verified_with_tiktok)s,
    updated_at = %(at)s, blocknumber = %(blocknumber)s, blockhash = %(blockhash)s, txhash = %(txhash)s
WHERE user_id = %(user_id)s AND is_current
