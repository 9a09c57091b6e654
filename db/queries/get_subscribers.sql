-- A user's subscribers (who gets notified of their uploads), by subscriber id as upstream.
SELECT s.subscriber_id AS user_id
FROM subscriptions s
WHERE s.user_id = %(user_id)s AND s.is_current AND NOT s.is_delete AND s.entity_type = 'User'
ORDER BY s.subscriber_id
LIMIT %(limit)s OFFSET %(offset)s
