SELECT is_delete FROM subscriptions WHERE subscriber_id = %(user_id)s AND user_id = %(item_id)s AND is_current
  AND entity_type = 'User'
