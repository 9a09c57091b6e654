-- Tag search's playlists or albums (upstream finds them by their tracks' tags): the public ones holding one
-- of %(track_ids)s, the tag search's most played tracks (at most its window), in the sort's order: reposts
-- (popular, relevant; never reposted last) or newest first (recent).
SELECT p.playlist_id
FROM playlist_search p
LEFT JOIN aggregate_playlist ap ON ap.playlist_id = p.playlist_id
WHERE p.playlist_id IN (SELECT pt.playlist_id FROM playlist_tracks pt
                        WHERE pt.track_id = ANY(%(track_ids)s::integer[]) AND NOT pt.is_removed)
  AND playlist_search_passes(p, %(albums)s, %(genres)s::text[], %(moods)s::text[], %(only_verified)s)
ORDER BY
    CASE WHEN %(sort_method)s = 'recent' THEN p.created_at END DESC,
    CASE WHEN %(sort_method)s <> 'recent' THEN ap.repost_count END DESC NULLS LAST,
    CASE WHEN %(sort_method)s = 'recent' THEN p.playlist_id END DESC,
    p.playlist_id
LIMIT %(limit)s OFFSET %(offset)s
