-- A user's subscription to an event ('Event' rows name the event in entity_id; user_id mirrors it).
SELECT is_delete FROM subscriptions
WHERE subscriber_id = %(user_id)s AND entity_type = 'Event' AND entity_id = %(event_id)s AND is_current
