UPDATE comments SET text = %(text)s, is_edited = true, updated_at = %(at)s, blocknumber = %(blocknumber)s,
                    blockhash = %(blockhash)s, txhash = %(txhash)s
WHERE comment_id = %(comment_id)s
