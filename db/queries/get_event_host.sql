-- The event a list under /events/{event_id} hangs off: its host, when it exists, is not deleted and the viewer
-- may see what it is on (event_visible); otherwise that list answers 404 "event not found", as upstream does
-- for a missing or deleted event.
SELECT e.user_id FROM events e
WHERE e.event_id = %(event_id)s AND NOT coalesce(e.is_deleted, false)
  AND event_visible(e.entity_type, e.entity_id, %(my_id)s)
