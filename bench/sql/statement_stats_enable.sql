-- Takes effect at the next restart (shared_preload_libraries) or reload (track_planning).
ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements';
ALTER SYSTEM SET pg_stat_statements.track_planning = on
