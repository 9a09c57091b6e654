SELECT event_id, event_type::text AS event_type, user_id, end_date, is_deleted FROM events WHERE event_id = %(event_id)s
