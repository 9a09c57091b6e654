-- Track search with no text: the most played, or the newest, public tracks. Each branch walks an index in
-- order and stops after one page; the sort_method test is a one-time filter, so only one branch runs.
(
    SELECT t.track_id
    FROM aggregate_plays ap
    JOIN tracks t ON t.track_id = ap.play_item_id AND t.is_current
    WHERE %(sort_method)s <> 'recent'
      AND NOT t.is_delete AND NOT t.is_unlisted AND t.is_available AND t.stem_of IS NULL
      AND (cardinality(%(genres)s::text[]) = 0 OR t.genre = ANY(%(genres)s::text[]))
      AND (cardinality(%(moods)s::text[]) = 0 OR t.mood = ANY(%(moods)s::text[]))
      AND (NOT %(only_downloadable)s OR t.is_downloadable)
    ORDER BY ap.count DESC NULLS LAST, ap.play_item_id
    LIMIT %(limit)s OFFSET %(offset)s
)
UNION ALL
(
    SELECT t.track_id
    FROM tracks t
    WHERE %(sort_method)s = 'recent'
      AND t.is_current AND NOT t.is_delete AND NOT t.is_unlisted AND t.is_available AND t.stem_of IS NULL
      AND (cardinality(%(genres)s::text[]) = 0 OR t.genre = ANY(%(genres)s::text[]))
      AND (cardinality(%(moods)s::text[]) = 0 OR t.mood = ANY(%(moods)s::text[]))
      AND (NOT %(only_downloadable)s OR t.is_downloadable)
    ORDER BY t.created_at DESC, t.track_id
    LIMIT %(limit)s OFFSET %(offset)s
)
