-- The events of a page, by id (hydrate.events): the one read that renders an event, whichever list picked it.
SELECT e.event_id, e.event_type::text AS event_type, e.user_id, e.entity_type::text AS entity_type, e.entity_id,
       e.end_date, coalesce(e.is_deleted, false) AS is_deleted, e.event_data, e.created_at, e.updated_at
FROM events e
WHERE e.event_id = ANY(%(ids)s::integer[])
