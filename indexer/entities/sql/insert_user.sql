INSERT INTO users (
    user_id, is_current, handle, handle_lc, wallet, name, bio, location, profile_picture, profile_picture_sizes,
    cover_photo, cover_photo_sizes, creator_node_endpoint, artist_pick_track_id, allow_ai_attribution,
    playlist_library, twitter_handle, instagram_handle, tiktok_handle, website, donation,
    spl_usdc_payout_wallet, profile_type, is_deactivated, is_verified, created_at, updated_at, blocknumber, blockhash, txhash)
VALUES (
    %(user_id)s, true, %(handle)s, lower(%(handle)s::varchar), %(wallet)s, %(name)s, %(bio)s, %(location)s,
    %(profile_picture)s, %(profile_picture_sizes)s, %(cover_photo)s, %(cover_photo_sizes)s,
    %(creator_node_endpoint)s, %(artist_pick_track_id)s, %(allow_ai_attribution)s, %(playlist_library)s,
    %(twitter_handle)s, %(instagram_handle)s, %(tiktok_handle)s, %(website)s, %(donation)s,
    %(spl_usdc_payout_wallet)s, %(profile_type)s::profile_type_enum, %(is_deactivated)s, %(is_verified)s, %(at)s, %(at)s, %(blocknumber)s,
    %(blockhash)s, %(txhash)s)
