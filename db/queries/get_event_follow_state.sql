-- Whether the viewer follows an event, and how many do (upstream's v1EventFollowState): live 'Event'
-- subscriptions, counted through subscriptions_event_idx.
SELECT EXISTS (SELECT 1 FROM subscriptions s
               WHERE s.entity_type = 'Event' AND s.entity_id = %(event_id)s AND s.subscriber_id = %(my_id)s
                 AND s.is_current AND NOT s.is_delete) AS is_followed,
       (SELECT count(*) FROM subscriptions s
        WHERE s.entity_type = 'Event' AND s.entity_id = %(event_id)s AND s.is_current AND NOT s.is_delete
       ) AS follower_count
