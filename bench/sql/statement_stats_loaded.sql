-- pg_stat_statements must be preloaded (shared_preload_libraries) to record anything; track_planning makes it
-- record planning time beside execution time.
SELECT current_setting('shared_preload_libraries') ~ 'pg_stat_statements' AS loaded,
       coalesce(current_setting('pg_stat_statements.track_planning', true), 'off') = 'on' AS tracks_planning
