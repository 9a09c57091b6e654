-- Listens per month and track for the artist dashboard: the user's own tracks plus those they accepted a
-- credit on (no stems), months starting in [start, end), all countries summed. As for get_user_tracks, the
-- handler probes the credits first and fills the slot with the owner-only or the widened fragment.
WITH counted AS (
    /*@counted*/
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
