-- An Update that names mentions replaces the set: every live one is marked deleted first, and the named
-- ones are then revived by comment_mentions_set.
UPDATE comment_mentions SET is_delete = true, updated_at = %(at)s, blocknumber = %(blocknumber)s,
                            blockhash = %(blockhash)s, txhash = %(txhash)s
WHERE comment_id = %(comment_id)s AND NOT is_delete
