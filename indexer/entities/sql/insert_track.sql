INSERT INTO tracks (
    track_id, owner_id, is_current, is_delete, title, description, genre, mood, tags, license, isrc, iswc,
    create_date, release_date, is_unlisted, is_scheduled_release, duration, track_cid, preview_cid,
    preview_start_seconds, orig_file_cid, orig_filename, is_original_available, audio_upload_id, cover_art,
    cover_art_sizes, is_downloadable, field_visibility, remix_of, stem_of, track_segments, is_stream_gated,
    stream_conditions, is_download_gated, download_conditions, bpm, musical_key, is_custom_bpm,
    is_custom_musical_key, comments_disabled, ai_attribution_user_id, cover_original_song_title,
    cover_original_artist, parental_warning_type, no_ai_use, ddex_app, route_id, created_at, updated_at,
    blocknumber, blockhash, txhash)
VALUES (
    %(track_id)s, %(owner_id)s, true, %(is_delete)s, %(title)s, %(description)s, %(genre)s, %(mood)s, %(tags)s,
    %(license)s, %(isrc)s, %(iswc)s, %(create_date)s, %(release_date)s, %(is_unlisted)s,
    %(is_scheduled_release)s, %(duration)s, %(track_cid)s, %(preview_cid)s, %(preview_start_seconds)s,
    %(orig_file_cid)s, %(orig_filename)s, %(is_original_available)s, %(audio_upload_id)s, %(cover_art)s,
    %(cover_art_sizes)s, %(is_downloadable)s, %(field_visibility)s, %(remix_of)s, %(stem_of)s,
    %(track_segments)s, %(is_stream_gated)s, %(stream_conditions)s, %(is_download_gated)s,
    %(download_conditions)s, %(bpm)s, %(musical_key)s, %(is_custom_bpm)s, %(is_custom_musical_key)s,
    %(comments_disabled)s, %(ai_attribution_user_id)s, %(cover_original_song_title)s,
    %(cover_original_artist)s, %(parental_warning_type)s, %(no_ai_use)s, %(ddex_app)s, %(route_id)s, %(at)s,
    %(at)s, %(blocknumber)s, %(blockhash)s, %(txhash)s)
