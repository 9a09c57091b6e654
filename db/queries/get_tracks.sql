-- Track rows for hydration: one round trip for any number of ids (upstream get_tracks.sql semantics).
-- Visibility: an unlisted track is private to its owner, and to a user invited to collaborate on it (pending
-- or accepted, so an invitee can listen before deciding), on every path (stricter than upstream, whose bulk
-- endpoint showed unlisted tracks to anyone). A rejected collaborator loses access.
-- Collaborators: accepted ones for everyone, pending ones for the owner only, in invite order, owner excluded;
-- their users are fetched with the owners, in the same bulk user query.
-- Tracks without an aggregate_track row vanish (INNER JOIN), as upstream.
SELECT
    t.track_id, t.owner_id, t.title, t.description, t.genre, t.mood, t.tags, t.isrc, t.iswc, t.license,
    t.credits_splits, t.create_date, t.created_at, t.updated_at, t.release_date, t.blocknumber,
    t.cover_art, t.cover_art_sizes, t.track_cid, t.preview_cid, t.orig_file_cid, t.orig_filename,
    t.is_original_available, t.is_downloadable, t.duration, t.is_unlisted, t.is_delete, t.is_available,
    t.is_scheduled_release, t.field_visibility, t.route_id, t.stem_of, t.track_segments, t.ddex_app,
    t.playlists_containing_track, t.playlists_previously_containing_track, t.pinned_comment_id,
    t.ai_attribution_user_id, t.allowed_api_keys, t.audio_upload_id, t.preview_start_seconds, t.bpm,
    t.is_custom_bpm, t.musical_key, t.is_custom_musical_key, t.audio_analysis_error_count,
    t.comments_disabled, t.ddex_release_ids, t.artists, t.resource_contributors,
    t.indirect_resource_contributors, t.rights_controller, t.copyright_line, t.producer_copyright_line,
    t.parental_warning_type, t.is_stream_gated, t.stream_conditions, t.is_download_gated,
    t.download_conditions, t.cover_original_song_title, t.cover_original_artist, t.is_owned_by_user,
    coalesce(ap.count, 0) AS play_count,
    agg.repost_count,
    agg.save_count,
    coalesce(agg.comment_count, 0) AS comment_count,
    route.slug,
    (%(my_id)s > 0 AND EXISTS (
        SELECT 1 FROM reposts r
        WHERE r.user_id = %(my_id)s AND r.repost_item_id = t.track_id AND r.repost_type = 'track'
          AND r.is_current AND NOT r.is_delete)) AS has_current_user_reposted,
    (%(my_id)s > 0 AND EXISTS (
        SELECT 1 FROM saves s
        WHERE s.user_id = %(my_id)s AND s.save_item_id = t.track_id AND s.save_type = 'track'
          AND s.is_current AND NOT s.is_delete)) AS has_current_user_saved,
    (%(my_id)s > 0 AND EXISTS (
        SELECT 1 FROM follows f
        WHERE f.follower_user_id = %(my_id)s AND f.followee_user_id = t.owner_id
          AND f.is_current AND NOT f.is_delete)) AS current_user_follows_owner,
    coalesce(followee_reposts.items, '[]') AS followee_reposts,
    coalesce(followee_saves.items, '[]') AS followee_favorites,
    coalesce(parents.items, '[]') AS remix_parents,
    coalesce(collab.accepted, '{}') AS collaborator_ids,
    coalesce(collab.pending, '{}') AS pending_collaborator_ids,
    backlink.playlist_id AS album_playlist_id,
    backlink.playlist_name AS album_playlist_name,
    backlink.permalink AS album_permalink
FROM tracks t
JOIN aggregate_track agg ON agg.track_id = t.track_id
LEFT JOIN aggregate_plays ap ON ap.play_item_id = t.track_id
LEFT JOIN LATERAL (
    SELECT tr.slug FROM track_routes tr
    WHERE tr.track_id = t.track_id AND tr.is_current
    LIMIT 1
) route ON true
-- Up to 3 reposts and 3 saves by users the viewer follows, most-followed first.
LEFT JOIN LATERAL (
    SELECT json_agg(json_build_object('user_id', x.user_id, 'item_id', x.repost_item_id,
                                      'created_at', x.created_at) ORDER BY x.follower_count DESC) AS items
    FROM (
        SELECT r.user_id, r.repost_item_id, r.created_at, au.follower_count
        FROM reposts r
        JOIN follows f ON f.follower_user_id = %(my_id)s AND f.followee_user_id = r.user_id
                      AND f.is_current AND NOT f.is_delete
        JOIN aggregate_user au ON au.user_id = r.user_id
        WHERE %(my_id)s > 0 AND r.repost_item_id = t.track_id AND r.repost_type = 'track'
          AND r.is_current AND NOT r.is_delete
        ORDER BY au.follower_count DESC, r.user_id
        LIMIT 3
    ) x
) followee_reposts ON true
LEFT JOIN LATERAL (
    SELECT json_agg(json_build_object('user_id', x.user_id, 'item_id', x.save_item_id,
                                      'created_at', x.created_at) ORDER BY x.follower_count DESC) AS items
    FROM (
        SELECT s.user_id, s.save_item_id, s.created_at, au.follower_count
        FROM saves s
        JOIN follows f ON f.follower_user_id = %(my_id)s AND f.followee_user_id = s.user_id
                      AND f.is_current AND NOT f.is_delete
        JOIN aggregate_user au ON au.user_id = s.user_id
        WHERE %(my_id)s > 0 AND s.save_item_id = t.track_id AND s.save_type = 'track'
          AND s.is_current AND NOT s.is_delete
        ORDER BY au.follower_count DESC, s.user_id
        LIMIT 3
    ) x
) followee_saves ON true
-- Remix parents (at most 10), and whether each parent's owner reposted or saved this remix.
LEFT JOIN LATERAL (
    SELECT json_agg(json_build_object(
        'parent_track_id', p.track_id,
        'parent_owner_id', p.owner_id,
        'has_remix_author_reposted', EXISTS (
            SELECT 1 FROM reposts r WHERE r.user_id = p.owner_id AND r.repost_item_id = t.track_id
              AND r.repost_type = 'track' AND r.is_current AND NOT r.is_delete),
        'has_remix_author_saved', EXISTS (
            SELECT 1 FROM saves s WHERE s.user_id = p.owner_id AND s.save_item_id = t.track_id
              AND s.save_type = 'track' AND s.is_current AND NOT s.is_delete)
    ) ORDER BY p.track_id) AS items
    FROM (
        SELECT parent.track_id, parent.owner_id
        FROM remixes rm
        JOIN tracks parent ON parent.track_id = rm.parent_track_id AND parent.is_current
        WHERE rm.child_track_id = t.track_id
        ORDER BY parent.track_id
        LIMIT 10
    ) p
) parents ON true
LEFT JOIN LATERAL (
    SELECT array_agg(c.collaborator_user_id ORDER BY c.created_at, c.collaborator_user_id)
               FILTER (WHERE c.status = 'accepted') AS accepted,
           array_agg(c.collaborator_user_id ORDER BY c.created_at, c.collaborator_user_id)
               FILTER (WHERE c.status = 'pending' AND t.owner_id = %(my_id)s) AS pending
    FROM track_collaborators c
    WHERE c.track_id = t.track_id AND c.collaborator_user_id <> t.owner_id AND c.status <> 'rejected'
) collab ON true
-- The newest public album that holds the track.
LEFT JOIN LATERAL (
    SELECT p.playlist_id, p.playlist_name, '/' || owner.handle || '/album/' || pr.slug AS permalink
    FROM playlist_tracks pt
    JOIN playlists p ON p.playlist_id = pt.playlist_id AND p.is_current AND p.is_album AND NOT p.is_delete
    JOIN playlist_routes pr ON pr.playlist_id = p.playlist_id AND pr.is_current
    JOIN users owner ON owner.user_id = p.playlist_owner_id AND owner.is_current
    WHERE pt.track_id = t.track_id AND NOT pt.is_removed
    ORDER BY p.created_at DESC
    LIMIT 1
) backlink ON true
WHERE t.track_id = ANY(%(ids)s)
  AND t.is_current
  AND (NOT t.is_unlisted OR t.owner_id = %(my_id)s OR (%(my_id)s > 0 AND EXISTS (
          SELECT 1 FROM track_collaborators c
          WHERE c.track_id = t.track_id AND c.collaborator_user_id = %(my_id)s
            AND c.status IN ('pending', 'accepted'))))
