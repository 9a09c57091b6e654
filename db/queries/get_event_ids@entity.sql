-- The events on the entities asked for (events_entity_recent_idx, a few events each).
e.entity_id = ANY(%(entity_ids)s::integer[])
  AND (%(event_type)s::event_type IS NULL OR e.event_type = %(event_type)s::event_type)
