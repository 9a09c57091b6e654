SELECT
    count(*) AS files_applied,
    max(file_name) FILTER (WHERE file_name LIKE 'migrations/%%') AS newest_migration
FROM schema_migrations
