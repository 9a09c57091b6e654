-- In place, as the ETL's upsert of the one current row: every change takes the transaction's time.
UPDATE subscriptions SET is_delete = %(is_delete)s, created_at = %(at)s, blocknumber = %(blocknumber)s,
                         blockhash = %(blockhash)s, txhash = %(txhash)s
WHERE subscriber_id = %(user_id)s AND user_id = %(item_id)s AND is_current
  AND entity_type = 'User'
