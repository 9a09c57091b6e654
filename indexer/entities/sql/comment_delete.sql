UPDATE comments SET is_delete = true, updated_at = %(at)s, blocknumber = %(blocknumber)s,
                    blockhash = %(blockhash)s, txhash = %(txhash)s
WHERE comment_id = %(comment_id)s
