-- One page of trending playlist (or album) ids, best first (score desc, playlist_id desc, as upstream),
-- walking playlist_trending_scores_page_idx: the job stored only playlists that may trend, with their kind.
-- Scores are refreshed hourly, so what may have changed since is checked here, before the page is cut (so a
-- page is never short): the playlist is still current, public and of the same kind, its owner not
-- deactivated, and it still lists a live public track (a playlist whose tracks all went unlisted would show
-- none of them: it does not trend).
SELECT s.playlist_id
FROM playlist_trending_scores s
JOIN playlists p ON p.playlist_id = s.playlist_id AND p.is_current
JOIN users u ON u.user_id = p.playlist_owner_id AND u.is_current
WHERE s.type = 'PLAYLISTS' AND s.version = %(version)s AND s.time_range = %(time_range)s
  AND s.is_album = %(is_album)s
  -- The kind is tested against the parameter, not s.is_album: the join clause made the planner sort the
  -- whole range instead of walking the index.
  AND NOT p.is_delete AND NOT p.is_private AND p.is_album = %(is_album)s AND NOT u.is_deactivated
  AND EXISTS (
      SELECT 1 FROM playlist_tracks pt
      JOIN tracks t ON t.track_id = pt.track_id AND t.is_current
      WHERE pt.playlist_id = s.playlist_id AND NOT pt.is_removed AND NOT t.is_delete AND NOT t.is_unlisted)
ORDER BY s.score DESC, s.playlist_id DESC
LIMIT %(limit)s OFFSET %(offset)s
