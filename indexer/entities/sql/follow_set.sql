-- Unfollow keeps the time of the follow; a follow again takes the new time.
UPDATE follows SET is_delete = %(is_delete)s,
                   created_at = CASE WHEN %(is_delete)s THEN created_at ELSE %(at)s END,
                   blocknumber = %(blocknumber)s, blockhash = %(blockhash)s, txhash = %(txhash)s
WHERE follower_user_id = %(user_id)s AND followee_user_id = %(item_id)s AND is_current
