-- The remix contest running on a track at this time, if any (the ETL's auto-subscribe lookup: no end date
-- means still running).
SELECT event_id, user_id FROM events
WHERE event_type = 'remix_contest' AND entity_id = %(track_id)s AND NOT coalesce(is_deleted, false)
  AND (end_date IS NULL OR end_date > %(at)s)
ORDER BY event_id
LIMIT 1
