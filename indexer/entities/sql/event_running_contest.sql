-- Does this entity already host a remix contest that has not ended?
SELECT EXISTS (SELECT 1 FROM events WHERE entity_id = %(entity_id)s AND event_type = 'remix_contest'
               AND NOT coalesce(is_deleted, false) AND end_date > %(at)s) AS running
