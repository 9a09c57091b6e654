-- One page of the newest tracks (the newer Go API's /tracks/latest): listed, available, current, not deleted,
-- by an active owner, newest first (created_at desc, track_id desc). The slot narrows to a genre or not;
-- either way the page is read in the order of a partial index made for it (migration 0024), so a page costs
-- its offset plus its limit (offset is at most 200), never a sort of every track.
SELECT t.track_id
FROM tracks t
JOIN users u ON u.user_id = t.owner_id AND u.is_current
WHERE t.is_current AND NOT t.is_delete AND NOT t.is_unlisted AND t.is_available
  /*@genre*/
  AND NOT u.is_deactivated AND u.is_available
ORDER BY t.created_at DESC, t.track_id DESC
LIMIT %(limit)s OFFSET %(offset)s
