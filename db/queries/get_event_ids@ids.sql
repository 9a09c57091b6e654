-- The events asked for (a bounded set, read by primary key and sorted).
e.event_id = ANY(%(ids)s::integer[])
  AND (%(event_type)s::event_type IS NULL OR e.event_type = %(event_type)s::event_type)
