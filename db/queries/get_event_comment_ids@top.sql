-- Most reacted first, then newest.
(SELECT count(*) FROM comment_reactions cr WHERE cr.comment_id = c.comment_id AND NOT cr.is_delete) DESC,
    c.created_at DESC, c.comment_id DESC
