-- Track search (upstream used Elasticsearch): every word of the query must prefix-match a word of the
-- title, through the GIN full-text index. Public, live, non-stem tracks only.
-- sort_method: relevant (text rank, then plays), popular (plays), recent (created_at).
-- Play counts are probed per matched track (an index lookup each), never joined wholesale.
SELECT t.track_id
FROM tracks t
LEFT JOIN LATERAL (
    SELECT ap.count FROM aggregate_plays ap WHERE ap.play_item_id = t.track_id
) ap ON true
WHERE to_tsvector('simple', coalesce(t.title, '')) @@ to_tsquery('simple', %(tsquery)s)
  AND t.is_current AND NOT t.is_delete AND NOT t.is_unlisted AND t.is_available AND t.stem_of IS NULL
  AND (cardinality(%(genres)s::text[]) = 0 OR t.genre = ANY(%(genres)s::text[]))
  AND (cardinality(%(moods)s::text[]) = 0 OR t.mood = ANY(%(moods)s::text[]))
  AND (NOT %(only_downloadable)s OR t.is_downloadable)
ORDER BY
    CASE WHEN %(sort_method)s = 'relevant'
         THEN ts_rank(to_tsvector('simple', coalesce(t.title, '')), to_tsquery('simple', %(tsquery)s)) END DESC,
    CASE WHEN %(sort_method)s = 'recent' THEN t.created_at END DESC,
    coalesce(ap.count, 0) DESC,
    t.track_id
LIMIT %(limit)s OFFSET %(offset)s
