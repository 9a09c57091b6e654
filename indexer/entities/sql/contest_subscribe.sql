-- The submitter follows the contest: an 'Event' subscription (user_id holds the event id, as upstream),
-- unless a live one exists. Its txhash is the ETL's synthetic one, so a replayed transaction adds nothing.
INSERT INTO subscriptions (subscriber_id, user_id, entity_type, entity_id, is_current, is_delete, created_at,
                           blocknumber, blockhash, txhash)
SELECT %(user_id)s, %(event_id)s, 'Event', %(event_id)s, true, false, %(at)s, %(blocknumber)s, %(blockhash)s,
       left('auto_e' || %(event_id)s::text || '_' || %(txhash)s::text, 200)
WHERE NOT EXISTS (SELECT 1 FROM subscriptions s
                  WHERE s.subscriber_id = %(user_id)s AND s.user_id = %(event_id)s AND s.entity_type = 'Event'
                    AND s.is_current AND NOT s.is_delete)
ON CONFLICT (subscriber_id, user_id, txhash) DO NOTHING
