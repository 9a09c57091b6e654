INSERT INTO job_status AS s (name, runs, failures, rows_changed, last_started_at, last_success_at,
                             last_duration_ms, last_error, last_error_at, failing)
VALUES (%(name)s, 1, CASE WHEN %(error)s::text IS NULL THEN 0 ELSE 1 END, %(rows)s, %(started)s,
        CASE WHEN %(error)s::text IS NULL THEN now() END, %(duration_ms)s, %(error)s,
        CASE WHEN %(error)s::text IS NOT NULL THEN now() END, %(error)s::text IS NOT NULL)
ON CONFLICT (name) DO UPDATE SET
    runs = s.runs + 1,
    failures = s.failures + EXCLUDED.failures,
    rows_changed = s.rows_changed + EXCLUDED.rows_changed,
    last_started_at = EXCLUDED.last_started_at,
    last_success_at = coalesce(EXCLUDED.last_success_at, s.last_success_at),
    last_duration_ms = EXCLUDED.last_duration_ms,
    -- the last error stays visible after a recovery (with failing = false) until a newer one replaces it
    last_error = coalesce(EXCLUDED.last_error, s.last_error),
    last_error_at = coalesce(EXCLUDED.last_error_at, s.last_error_at),
    failing = EXCLUDED.failing
