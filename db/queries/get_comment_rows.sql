-- The comments of a page and their live replies (hydrate.comments), in one read: each row says which
-- comment it answers (parent_comment_id), so the page's comments come first and their threads are nested
-- from the same rows. The artist is the owner of what the comment is on: the track's owner, the event's
-- host. Mentions are the live ones, with the mentioned users' handles.
WITH wanted AS (
    SELECT c.comment_id FROM comments c WHERE c.comment_id = ANY(%(ids)s::integer[])
    UNION
    SELECT ct.comment_id FROM comment_threads ct
    JOIN comments r ON r.comment_id = ct.comment_id AND NOT coalesce(r.is_delete, false)
    WHERE ct.parent_comment_id = ANY(%(ids)s::integer[])
)
SELECT c.comment_id, ct.parent_comment_id, c.entity_type, c.entity_id, c.user_id, c.text, c.track_timestamp_s,
       coalesce(c.is_edited, false) AS is_edited, coalesce(c.is_delete, false) AS is_delete,
       c.created_at, c.updated_at,
       coalesce((SELECT jsonb_agg(jsonb_build_object('user_id', m.user_id, 'handle', u.handle)
                                  ORDER BY m.user_id)
                 FROM comment_mentions m
                 JOIN users u ON u.user_id = m.user_id AND u.is_current
                 WHERE m.comment_id = c.comment_id AND NOT m.is_delete), '[]'::jsonb) AS mentions,
       (SELECT count(*) FROM comment_reactions cr
        WHERE cr.comment_id = c.comment_id AND NOT cr.is_delete) AS react_count,
       EXISTS (SELECT 1 FROM comment_reactions cr
               WHERE cr.comment_id = c.comment_id AND cr.user_id = %(my_id)s AND NOT cr.is_delete
                 AND %(my_id)s > 0) AS is_current_user_reacted,
       EXISTS (SELECT 1 FROM comment_reactions cr
               WHERE cr.comment_id = c.comment_id AND NOT cr.is_delete
                 AND cr.user_id = CASE c.entity_type
                     WHEN 'Track' THEN (SELECT t.owner_id FROM tracks t
                                        WHERE t.track_id = c.entity_id AND t.is_current)
                     WHEN 'Event' THEN (SELECT e.user_id FROM events e WHERE e.event_id = c.entity_id)
                 END) AS is_artist_reacted
FROM wanted w
JOIN comments c ON c.comment_id = w.comment_id
LEFT JOIN comment_threads ct ON ct.comment_id = c.comment_id
ORDER BY c.created_at, c.comment_id
