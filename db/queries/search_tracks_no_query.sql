-- Track search with no text: the most played (then the never played, by id), or the newest, findable tracks
-- (track_search, migration 0032). Each branch walks an index in order and stops after the page's end; the
-- sort_method tests are one-time filters, so only one order's branches run, and the never-played walk only
-- when the played ones ran out.
WITH played AS MATERIALIZED (
    SELECT d.track_id, ap.count AS plays
    FROM aggregate_plays ap
    JOIN track_search d ON d.track_id = ap.play_item_id
    WHERE %(sort_method)s <> 'recent'
      AND track_search_passes(d, %(genres)s::text[], %(moods)s::text[], %(keys)s::text[],
              %(bpm_min)s::float8, %(bpm_max)s::float8, %(downloadable_only)s, %(purchaseable_only)s,
              %(include_purchaseable)s, %(only_verified)s)
    ORDER BY ap.count DESC NULLS LAST, ap.play_item_id
    LIMIT %(offset)s::bigint + %(limit)s
),
never_played AS MATERIALIZED (
    SELECT d.track_id
    FROM track_search d
    WHERE %(sort_method)s <> 'recent'
      AND (SELECT count(*) FROM played) < %(offset)s::bigint + %(limit)s
      AND track_search_passes(d, %(genres)s::text[], %(moods)s::text[], %(keys)s::text[],
              %(bpm_min)s::float8, %(bpm_max)s::float8, %(downloadable_only)s, %(purchaseable_only)s,
              %(include_purchaseable)s, %(only_verified)s)
      AND NOT EXISTS (SELECT FROM aggregate_plays ap WHERE ap.play_item_id = d.track_id OFFSET 0)
    ORDER BY d.track_id
    LIMIT %(offset)s::bigint + %(limit)s
),
newest AS MATERIALIZED (
    SELECT d.track_id, d.created_at
    FROM track_search d
    WHERE %(sort_method)s = 'recent'
      AND track_search_passes(d, %(genres)s::text[], %(moods)s::text[], %(keys)s::text[],
              %(bpm_min)s::float8, %(bpm_max)s::float8, %(downloadable_only)s, %(purchaseable_only)s,
              %(include_purchaseable)s, %(only_verified)s)
    ORDER BY d.created_at DESC, d.track_id
    LIMIT %(offset)s::bigint + %(limit)s
)
SELECT x.track_id
FROM (
    SELECT track_id, 0 AS part, plays, NULL::timestamp AS created_at FROM played
    UNION ALL
    SELECT track_id, 1, NULL, NULL FROM never_played
    UNION ALL
    SELECT track_id, 0, NULL, created_at FROM newest
) x
ORDER BY x.part, x.plays DESC NULLS LAST, x.created_at DESC, x.track_id
LIMIT %(limit)s OFFSET %(offset)s
