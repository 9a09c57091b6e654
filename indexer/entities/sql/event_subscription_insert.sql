-- user_id holds the event id too, as upstream's Event subscriptions.
INSERT INTO subscriptions (subscriber_id, user_id, entity_type, entity_id, is_current, is_delete, created_at,
                           blocknumber, blockhash, txhash)
VALUES (%(user_id)s, %(event_id)s, 'Event', %(event_id)s, true, %(is_delete)s, %(at)s, %(blocknumber)s,
        %(blockhash)s, %(txhash)s)
