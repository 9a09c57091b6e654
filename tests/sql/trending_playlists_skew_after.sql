-- After the refresh (tests/test_trending_playlists_plans.py): the 500 best scored playlists of the week went
-- private since, so a page walks past them (read time rechecks what may have changed), and the next one lost
-- every public track but its last (its read-time probe for a public track walks its list).
UPDATE playlists SET is_private = true
WHERE playlist_id IN (
    SELECT playlist_id FROM playlist_trending_scores
    WHERE time_range = 'week' AND NOT is_album
    ORDER BY score DESC, playlist_id DESC LIMIT 500);

UPDATE tracks SET is_unlisted = true
WHERE track_id IN (
    SELECT pt.track_id FROM playlist_tracks pt
    WHERE pt.playlist_id = (SELECT playlist_id FROM playlist_trending_scores
                            WHERE time_range = 'week' AND NOT is_album
                            ORDER BY score DESC, playlist_id DESC OFFSET 500 LIMIT 1)
    ORDER BY pt.track_id DESC OFFSET 1);
