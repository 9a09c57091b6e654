-- Listens per month and track for the artist dashboard: the user's own tracks plus those they accepted a
-- credit on (no stems), months starting in [start, end), all countries summed. As in get_user_tracks, the
-- credited branch runs only when the index-only probe found credits.
WITH credits AS MATERIALIZED (
    SELECT coalesce(array_agg(track_id), '{}') AS ids
    FROM track_collaborators
    WHERE collaborator_user_id = %(user_id)s AND status = 'accepted'
),
counted AS (
    SELECT t.track_id FROM tracks t
    WHERE t.owner_id = %(user_id)s AND t.is_current AND t.stem_of IS NULL
    UNION ALL
    SELECT t.track_id FROM tracks t
    WHERE (SELECT cardinality(ids) FROM credits) > 0
      AND t.track_id = ANY((SELECT ids FROM credits)::integer[])
      AND t.is_current AND t.stem_of IS NULL
      AND t.owner_id <> %(user_id)s
)
-- Per counted track, its months through the primary key (play_item_id, timestamp, country): a LATERAL, so
-- the plan cannot turn into a scan of the whole table whatever the row estimates say.
SELECT c.track_id, m.month, m.listens
FROM counted c
CROSS JOIN LATERAL (
    SELECT amp."timestamp" AS month, sum(amp.count)::bigint AS listens
    FROM aggregate_monthly_plays amp
    WHERE amp.play_item_id = c.track_id
      AND amp."timestamp" >= %(start)s AND amp."timestamp" < %(end)s
    GROUP BY amp."timestamp"
) m
ORDER BY m.month, c.track_id
