-- Track search with no text: the most played, or the newest, public tracks. Each branch walks an index in
-- order and stops after one page; the sort_method test is a one-time filter, so only one branch runs.
(
    SELECT t.track_id
    FROM aggregate_plays ap
    JOIN tracks t ON t.track_id = ap.play_item_id AND t.is_current
    WHERE %(sort_method)s <> 'recent'
      AND track_passes_search_filters(t, %(genres)s::text[], %(moods)s::text[], %(keys)s::text[],
              %(bpm_min)s::float8, %(bpm_max)s::float8, %(downloadable_only)s, %(purchaseable_only)s,
              %(include_purchaseable)s)
    ORDER BY ap.count DESC NULLS LAST, ap.play_item_id
    LIMIT %(limit)s OFFSET %(offset)s
)
UNION ALL
(
    SELECT t.track_id
    FROM tracks t
    WHERE %(sort_method)s = 'recent' AND t.is_current
      AND track_passes_search_filters(t, %(genres)s::text[], %(moods)s::text[], %(keys)s::text[],
              %(bpm_min)s::float8, %(bpm_max)s::float8, %(downloadable_only)s, %(purchaseable_only)s,
              %(include_purchaseable)s)
    ORDER BY t.created_at DESC, t.track_id
    LIMIT %(limit)s OFFSET %(offset)s
)
