-- When the latest play happened, and how long ago by the database's clock (plays are the bulk of the
-- demo's activity; their created_at index answers max() with one probe).
SELECT max(created_at) AS ended,
       extract(epoch FROM (now() AT TIME ZONE 'UTC') - max(created_at)) / 86400 AS days
FROM plays
