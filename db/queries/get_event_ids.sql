-- One page of events, newest first, ties by event_id (upstream's GetEvents order), each walked in an index
-- of that order and stopping at the page. The variants pick the rows: @all, @type (one event type), @ids
-- (the events asked for) and @entity (the events on the entities asked for). filter_deleted (the default)
-- leaves deleted events out; false keeps them in (upstream then answers deleted events only, a quirk of its
-- boolean filter). Events the viewer may not see (on a hidden track or playlist) are left out.
SELECT e.event_id
FROM events e
WHERE /*@rows*/
  AND (NOT %(filter_deleted)s OR NOT coalesce(e.is_deleted, false))
  AND (%(entity_type)s::event_entity_type IS NULL OR e.entity_type = %(entity_type)s::event_entity_type)
  AND event_visible(e.entity_type, e.entity_id, %(my_id)s)
ORDER BY e.created_at DESC, e.event_id
LIMIT %(limit)s OFFSET %(offset)s
