-- Track search (upstream used Elasticsearch): every word of the query must prefix-match a word of the
-- title, through the GIN full-text index. Filters: db/functions/search_filters.sql (public tracks only).
-- sort_method: relevant (text rank, then plays), popular (plays), recent (created_at).
-- Play counts are probed per matched track (an index lookup each), never joined wholesale.
SELECT t.track_id
FROM tracks t
LEFT JOIN LATERAL (
    SELECT ap.count FROM aggregate_plays ap WHERE ap.play_item_id = t.track_id
) ap ON true
WHERE to_tsvector('simple', coalesce(t.title, '')) @@ to_tsquery('simple', %(tsquery)s)
  AND t.is_current
  AND track_passes_search_filters(t, %(genres)s::text[], %(moods)s::text[], %(keys)s::text[],
          %(bpm_min)s::float8, %(bpm_max)s::float8, %(downloadable_only)s, %(purchaseable_only)s,
          %(include_purchaseable)s)
ORDER BY
    CASE WHEN %(sort_method)s = 'relevant'
         THEN ts_rank(to_tsvector('simple', coalesce(t.title, '')), to_tsquery('simple', %(tsquery)s)) END DESC,
    CASE WHEN %(sort_method)s = 'recent' THEN t.created_at END DESC,
    coalesce(ap.count, 0) DESC,
    t.track_id
LIMIT %(limit)s OFFSET %(offset)s
