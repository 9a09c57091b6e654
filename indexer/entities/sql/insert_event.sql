INSERT INTO events (event_id, event_type, user_id, entity_type, entity_id, end_date, event_data, is_deleted,
                    created_at, updated_at, txhash, blockhash, blocknumber)
VALUES (%(event_id)s, %(event_type)s::event_type, %(user_id)s, %(entity_type)s::event_entity_type,
        %(entity_id)s, %(end_date)s, %(event_data)s, %(is_deleted)s, %(at)s, %(at)s, %(txhash)s, %(blockhash)s,
        %(blocknumber)s)
