-- The seed has no events: once per bench database, remix contests as hosts run them, on the most remixed
-- public tracks (up to 3,000; a third ended, the rest end within 90 days of the run, since the API tells
-- running from ended by the clock; their entries are the seeded remixes), their comments (the first
-- contest 30,000, the next 300 twenty each, a tenth of them replies) and followers (the first contest
-- 20,000, the next 300 fifty each).
WITH parents AS (
    SELECT t.track_id, t.owner_id, row_number() OVER (ORDER BY count(*) DESC, t.track_id) AS n
    FROM remixes r
    JOIN tracks t ON t.track_id = r.parent_track_id AND t.is_current AND NOT t.is_delete AND NOT t.is_unlisted
    GROUP BY t.track_id, t.owner_id
    ORDER BY count(*) DESC, t.track_id
    LIMIT 3000
)
INSERT INTO events (event_id, event_type, user_id, entity_type, entity_id, end_date, is_deleted, event_data,
                    created_at, updated_at, txhash, blockhash, blocknumber)
SELECT n, 'remix_contest', owner_id, 'track', track_id,
       (now() AT TIME ZONE 'UTC') + CASE WHEN mod(n, 3) = 0 THEN -1 ELSE 1 END * (1 + mod(n, 90)) * interval '1 day',
       false, jsonb_build_object('prize_info', 'A feature'), timestamp '2020-01-01', timestamp '2020-01-01',
       '0xbenchevent' || n, '0xbench', 1
FROM parents;

WITH base AS (SELECT coalesce(max(comment_id), 0) AS top FROM comments),
users_ AS (SELECT max(user_id) AS n FROM users),
made AS (
    SELECT base.top + g AS comment_id, CASE WHEN g <= 30000 THEN 1 ELSE 2 + (g - 30001) / 20 END AS event_id,
           1 + mod(g::bigint * 7919, users_.n)::integer AS user_id, timestamp '2024-06-01' + g * interval '1 minute' AS at
    FROM base, users_, generate_series(1, 36000) g
)
INSERT INTO comments (comment_id, text, user_id, entity_id, entity_type, created_at, updated_at, txhash, blockhash,
                      blocknumber)
SELECT comment_id, 'Entry ' || comment_id, user_id, event_id, 'Event', at, at, '0xbenchcomment' || comment_id,
       '0xbench', 1
FROM made WHERE event_id IN (SELECT event_id FROM events);

INSERT INTO comment_threads (comment_id, parent_comment_id)
SELECT c.comment_id, c.comment_id - 1 FROM comments c
WHERE c.entity_type = 'Event' AND starts_with(c.txhash, '0xbenchcomment') AND mod(c.comment_id, 10) = 0;

INSERT INTO subscriptions (subscriber_id, user_id, entity_type, entity_id, is_current, is_delete, created_at, txhash)
SELECT DISTINCT ON (s.subscriber_id, s.event_id) s.subscriber_id, s.event_id, 'Event', s.event_id, true, false,
       timestamp '2024-06-01', '0xbenchfollow' || s.event_id || '-' || s.subscriber_id
FROM (
    SELECT 1 + mod(g::bigint * 104729, (SELECT max(user_id) FROM users))::integer AS subscriber_id,
           CASE WHEN g <= 20000 THEN 1 ELSE 2 + (g - 20001) / 50 END AS event_id
    FROM generate_series(1, 35000) g
) s
WHERE s.event_id IN (SELECT event_id FROM events);

ANALYZE events, comments, comment_threads, subscriptions;
