-- One page of remix contests (getRemixContests; @host: one host's, getContestsByUser): running contests
-- first, soonest ending first, then those with no end date, then ended ones, most recently ended first; ties
-- by event_id (upstream's order). status active or ended keeps one side. Each part walks its partial index
-- in its own order and stops at offset + limit rows, so the final sort is over at most three such runs.
-- A contest is listed when it is not deleted, its host is an active user and the viewer may see its track
-- (event_visible: not deleted, and unlisted only to those who may see it).
WITH running AS (
    SELECT e.event_id, e.end_date FROM events e
    WHERE e.event_type = 'remix_contest' AND NOT e.is_deleted /*@running*/
      AND e.end_date > (now() AT TIME ZONE 'UTC') AND %(status)s <> 'ended'
      AND (SELECT u.is_available AND NOT u.is_deactivated FROM users u WHERE u.user_id = e.user_id AND u.is_current)
      AND event_visible(e.entity_type, e.entity_id, %(my_id)s)
    ORDER BY e.end_date, e.event_id
    LIMIT %(limit)s::bigint + %(offset)s::bigint
), open_ended AS (
    SELECT e.event_id FROM events e
    WHERE e.event_type = 'remix_contest' AND NOT e.is_deleted /*@open*/
      AND e.end_date IS NULL AND %(status)s <> 'ended'
      AND (SELECT u.is_available AND NOT u.is_deactivated FROM users u WHERE u.user_id = e.user_id AND u.is_current)
      AND event_visible(e.entity_type, e.entity_id, %(my_id)s)
    ORDER BY e.event_id
    LIMIT %(limit)s::bigint + %(offset)s::bigint
), ended AS (
    SELECT e.event_id, e.end_date FROM events e
    WHERE e.event_type = 'remix_contest' AND NOT e.is_deleted /*@ended*/
      AND e.end_date <= (now() AT TIME ZONE 'UTC') AND %(status)s <> 'active'
      AND (SELECT u.is_available AND NOT u.is_deactivated FROM users u WHERE u.user_id = e.user_id AND u.is_current)
      AND event_visible(e.entity_type, e.entity_id, %(my_id)s)
    ORDER BY e.end_date DESC, e.event_id
    LIMIT %(limit)s::bigint + %(offset)s::bigint
)
SELECT event_id FROM (
    SELECT 0 AS part, row_number() OVER (ORDER BY end_date, event_id) AS rank, event_id FROM running
    UNION ALL
    SELECT 1, row_number() OVER (ORDER BY event_id), event_id FROM open_ended
    UNION ALL
    SELECT 2, row_number() OVER (ORDER BY end_date DESC, event_id), event_id FROM ended
) page
ORDER BY part, rank
LIMIT %(limit)s OFFSET %(offset)s
