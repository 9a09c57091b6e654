-- Play ids are unique, so the batch's last id alone ends the window (no block to keep whole): one row back
-- instead of the whole batch of ids. Anonymous plays move the window too, so they are never read twice.
SELECT max(id) AS mark
FROM (SELECT id FROM plays WHERE id > %(since)s ORDER BY id LIMIT %(batch)s) batch
HAVING max(id) IS NOT NULL
