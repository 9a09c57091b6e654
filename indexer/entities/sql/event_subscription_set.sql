-- In place, as the user subscriptions: every change takes the transaction's time and place.
UPDATE subscriptions SET is_delete = %(is_delete)s, created_at = %(at)s, blocknumber = %(blocknumber)s,
                         blockhash = %(blockhash)s, txhash = %(txhash)s
WHERE subscriber_id = %(user_id)s AND entity_type = 'Event' AND entity_id = %(event_id)s AND is_current
