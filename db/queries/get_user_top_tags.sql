-- The tags a user puts on their tracks most, most used first (upstream v1_users_tags.go): their public,
-- undeleted, non-stem tracks' comma-separated tags, trimmed, empty ones dropped. Ties, which upstream leaves
-- to the planner, go to the tag first in byte order. Read through the owner's index: one artist's catalogue.
SELECT tag
FROM tracks t
CROSS JOIN LATERAL regexp_split_to_table(t.tags, ',') AS raw(part)
CROSS JOIN LATERAL trim(raw.part) AS tag
WHERE t.owner_id = %(user_id)s
  AND t.is_current
  AND NOT t.is_unlisted
  AND NOT t.is_delete
  AND t.stem_of IS NULL
  AND tag <> ''
GROUP BY tag
ORDER BY count(*) DESC, tag COLLATE "C"
LIMIT %(limit)s
