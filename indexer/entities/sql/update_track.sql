-- In place: the current row takes the merged values and the transaction's place on chain.
UPDATE tracks SET
    title = %(title)s, description = %(description)s, genre = %(genre)s, mood = %(mood)s, tags = %(tags)s,
    license = %(license)s, isrc = %(isrc)s, iswc = %(iswc)s, create_date = %(create_date)s,
    release_date = %(release_date)s, is_unlisted = %(is_unlisted)s,
    is_scheduled_release = %(is_scheduled_release)s, duration = %(duration)s, track_cid = %(track_cid)s,
    preview_cid = %(preview_cid)s, preview_start_seconds = %(preview_start_seconds)s,
    orig_file_cid = %(orig_file_cid)s, orig_filename = %(orig_filename)s,
    is_original_available = %(is_original_available)s, audio_upload_id = %(audio_upload_id)s,
    cover_art = %(cover_art)s, cover_art_sizes = %(cover_art_sizes)s, is_downloadable = %(is_downloadable)s,
    field_visibility = %(field_visibility)s, remix_of = %(remix_of)s, stem_of = %(stem_of)s,
    track_segments = %(track_segments)s, is_stream_gated = %(is_stream_gated)s,
    stream_conditions = %(stream_conditions)s, is_download_gated = %(is_download_gated)s,
    download_conditions = %(download_conditions)s, bpm = %(bpm)s, musical_key = %(musical_key)s,
    is_custom_bpm = %(is_custom_bpm)s, is_custom_musical_key = %(is_custom_musical_key)s,
    comments_disabled = %(comments_disabled)s, ai_attribution_user_id = %(ai_attribution_user_id)s,
    cover_original_song_title = %(cover_original_song_title)s,
    cover_original_artist = %(cover_original_artist)s, parental_warning_type = %(parental_warning_type)s,
    no_ai_use = %(no_ai_use)s, ddex_app = %(ddex_app)s, route_id = %(route_id)s, is_delete = %(is_delete)s,
    updated_at = %(at)s, blocknumber = %(blocknumber)s, blockhash = %(blockhash)s, txhash = %(txhash)s
WHERE track_id = %(track_id)s AND is_current
