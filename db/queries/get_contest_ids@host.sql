-- One host's contests (the events_host_contest_* indexes).
--@running
AND e.user_id = %(user_id)s
--@open
AND e.user_id = %(user_id)s
--@ended
AND e.user_id = %(user_id)s
