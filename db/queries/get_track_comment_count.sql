-- How many live comments of a track (replies too) this viewer is shown: upstream's getTrackCommentCount,
-- with the filters of its comment list (comment_shown_to).
WITH track AS (
    SELECT t.owner_id FROM tracks t WHERE t.track_id = %(track_id)s AND t.is_current LIMIT 1
)
SELECT count(*) AS comment_count
FROM comments c, track
WHERE c.entity_id = %(track_id)s AND c.entity_type = 'Track' AND c.is_delete IS NOT TRUE
  AND comment_shown_to(c.comment_id, c.user_id, track.owner_id, %(my_id)s)
