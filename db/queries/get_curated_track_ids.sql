-- One page of a list the curated_lists job precomputed (curated_track_lists: remixables, recent_premium,
-- most_shared:<range>), in rank order: a range of the primary key. The list was computed up to ten minutes
-- ago, so a track made unlisted, deleted or unavailable since then is left out here, before the page is cut
-- (even for its owner: these lists are public, as upstream's).
SELECT c.track_id
FROM curated_track_lists c
JOIN tracks t ON t.track_id = c.track_id AND t.is_current
WHERE c.list = %(list)s
  AND NOT t.is_delete AND NOT t.is_unlisted AND t.is_available
ORDER BY c.rank
LIMIT %(limit)s OFFSET %(offset)s
