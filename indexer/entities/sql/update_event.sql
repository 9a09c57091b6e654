-- A key left out keeps its value (the ETL's COALESCE).
UPDATE events SET end_date = coalesce(%(end_date)s, end_date), event_data = coalesce(%(event_data)s, event_data),
                  is_deleted = %(is_deleted)s, updated_at = %(at)s, txhash = %(txhash)s,
                  blockhash = %(blockhash)s, blocknumber = %(blocknumber)s
WHERE event_id = %(event_id)s
