-- One page of a user's playlists (is_album false) or albums (true), upstream's Go v1_users_playlists /
-- v1_users_albums: newest first by default, or "popular" (reposts + saves); none for a deactivated user.
-- filter: all = public, plus private ones when the viewer is the owner (upstream's rule); public; private =
-- private only, for the owner alone (upstream lists them to anyone who asks; the handler requires a signed
-- request by the owner, and the query checks it again). name_filter (upstream's `query`): a case-insensitive
-- substring of the name, '' for all.
-- Ties break on playlist_id in the page's direction (upstream: created_at in the page's direction, then
-- playlist_id ascending), so both keys read one way.
-- Sorting happens over the one owner's playlists (playlists_owner_listing_idx), so the CASE-built order keys
-- cost an in-memory sort of one user's collection (2,000 for the largest), never a scan of playlists.
-- The popularity is a scalar subquery, one index probe per playlist of this user: as a join, the planner
-- hashed the whole of aggregate_playlist for the 2,000-playlist profile (tests/test_playlist_plans.py).
SELECT p.playlist_id
FROM playlists p
CROSS JOIN LATERAL (
    SELECT coalesce((SELECT agg.repost_count + agg.save_count FROM aggregate_playlist agg
                     WHERE agg.playlist_id = p.playlist_id), 0) AS popularity
) engaged
WHERE p.playlist_owner_id = %(user_id)s
  AND p.is_album = %(is_album)s
  AND p.is_current
  AND NOT p.is_delete
  AND EXISTS (SELECT 1 FROM users u WHERE u.user_id = %(user_id)s AND u.is_current AND NOT u.is_deactivated)
  AND CASE %(filter)s
          WHEN 'public' THEN NOT p.is_private
          WHEN 'private' THEN p.is_private AND p.playlist_owner_id = %(my_id)s
          ELSE NOT p.is_private OR p.playlist_owner_id = %(my_id)s
      END
  AND (%(name_filter)s = '' OR strpos(lower(p.playlist_name), lower(%(name_filter)s)) > 0)
ORDER BY
    CASE WHEN %(direction)s = 'asc' THEN CASE %(sort_key)s
        WHEN 'popular' THEN engaged.popularity END END ASC,
    CASE WHEN %(direction)s = 'desc' THEN CASE %(sort_key)s
        WHEN 'popular' THEN engaged.popularity END END DESC,
    CASE WHEN %(direction)s = 'asc' THEN p.created_at END ASC,
    CASE WHEN %(direction)s = 'desc' THEN p.created_at END DESC,
    CASE WHEN %(direction)s = 'asc' THEN p.playlist_id END ASC,
    CASE WHEN %(direction)s = 'desc' THEN p.playlist_id END DESC
LIMIT %(limit)s OFFSET %(offset)s
