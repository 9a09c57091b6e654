SELECT name, runs, failures, failing, last_started_at, last_success_at, last_duration_ms, last_error, last_error_at
FROM job_status
ORDER BY name
