-- One page of a track's top-level comments in one of upstream's sorts (the variants' ORDER BY), for a
-- viewer who may see the track (the handler checks it in the same round trip): live comments and tombstones
-- (deleted, with live replies), the ones comment_shown_to hides from this viewer left out. The pinned comment
-- is not in it: the handler puts it first (get_track_pinned_comment.sql). Each sort walks its own index
-- (db/migrations/0022_comment_reads.sql), whose predicate the WHERE repeats, and stops after the page.
WITH track AS (
    SELECT t.owner_id, t.pinned_comment_id FROM tracks t WHERE t.track_id = %(track_id)s AND t.is_current LIMIT 1
)
SELECT c.comment_id
FROM comments c, track
WHERE c.entity_type = 'Track' AND c.entity_id = %(track_id)s
  AND c.parent_comment_id IS NULL AND (c.is_delete IS NOT TRUE OR c.reply_count > 0)
  AND c.comment_id IS DISTINCT FROM track.pinned_comment_id
  AND comment_shown_to(c.comment_id, c.user_id, track.owner_id, %(my_id)s)
ORDER BY /*@order*/
LIMIT %(limit)s OFFSET %(offset)s
