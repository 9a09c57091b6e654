-- The public tracks commented on most recently, in the last month (upstream's window), latest comment
-- first: a walk of track_comment_activity's index, each track checked by its primary key.
SELECT a.track_id
FROM track_comment_activity a
JOIN tracks t ON t.track_id = a.track_id AND t.is_current
WHERE a.last_comment_at >= (now() AT TIME ZONE 'UTC') - interval '1 month'
  AND NOT t.is_unlisted AND t.is_available AND NOT t.is_delete
ORDER BY a.last_comment_at DESC, a.track_id DESC
LIMIT %(limit)s OFFSET %(offset)s
