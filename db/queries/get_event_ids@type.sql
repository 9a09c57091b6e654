-- The events of one type (events_type_recent_idx).
e.event_type = %(event_type)s::event_type
