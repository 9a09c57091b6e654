-- Who follows an event (its live 'Event' subscriptions, subscriptions_event_idx). No aggregate counts them,
-- so the size is counted up to one past the threshold.
--@size
SELECT count(*) FROM (SELECT 1 FROM subscriptions s
                      WHERE s.entity_type = 'Event' AND s.entity_id = %(event_id)s AND s.is_current
                        AND NOT s.is_delete
                      LIMIT %(few)s + 1) counted
--@members
SELECT s.subscriber_id FROM subscriptions s
           WHERE s.entity_type = 'Event' AND s.entity_id = %(event_id)s AND s.is_current AND NOT s.is_delete
--@probe
SELECT 1 FROM subscriptions s
         WHERE s.entity_type = 'Event' AND s.entity_id = %(event_id)s AND s.subscriber_id = au.user_id
           AND s.is_current AND NOT s.is_delete
