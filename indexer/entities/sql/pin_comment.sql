-- The row keeps its version and updated_at (as upstream) but takes the pin's block, so processors that read
-- tracks changed since a block (challenge cp) see pins and unpins.
UPDATE tracks SET pinned_comment_id = %(comment_id)s, blocknumber = %(blocknumber)s, blockhash = %(blockhash)s
WHERE track_id = %(track_id)s AND is_current
