-- Everything this database ran since the statistics began (callers take differences), but for
-- these statistics queries themselves: plans made (generic plans count once per connection), time planning and time executing, in milliseconds.
SELECT coalesce(sum(plans), 0)::bigint AS plans, coalesce(sum(calls), 0)::bigint AS calls,
       coalesce(sum(total_plan_time), 0)::float8 AS plan_ms, coalesce(sum(total_exec_time), 0)::float8 AS exec_ms
FROM pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND query !~ 'pg_stat_statements'
