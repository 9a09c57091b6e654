-- Whether this week's results of a type and version were already written: the Go API's idempotency key.
SELECT 1 AS done FROM trending_results
WHERE type = %(type)s AND version = %(version)s AND week = %(week)s
LIMIT 1
