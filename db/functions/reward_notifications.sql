-- Notifications of the tastemaker (t) and weekly trending (tt, tut) rewards, from user_challenges inserts as
-- in the Go API (legacy wrote them from its hourly trending task instead). Statement-level: an upsert's
-- INSERT transition table holds only the rows it really inserted, never those it updated, so each reward row
-- notifies once; uq_notification makes a replay harmless too. The generic claimable_reward /
-- challenge_reward trigger (on_user_challenge) is separate. There is no trending_playlist notification: the
-- tp reward is removed.

-- The Go API's on_tastemaker_user_challenge: the track comes from the specifier <hex_user>:t:<hex_track>; the
-- action is "repost" when the tastemaker has a live repost of the track, else "save".
CREATE OR REPLACE FUNCTION on_user_challenge_tastemaker() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Filtered first, so the hex cast never sees another challenge's specifier.
    WITH rewards AS MATERIALIZED (
        SELECT user_id, specifier, created_at FROM new_rows WHERE challenge_id = 't'
    ), n AS (
        SELECT user_id, created_at, ('x' || lpad(split_part(specifier, ':', 3), 8, '0'))::bit(32)::int AS track_id
        FROM rewards
    )
    INSERT INTO notification (specifier, group_id, type, blocknumber, "timestamp", data, user_ids)
    SELECT n.track_id::text,
           'tastemaker_user_id:' || n.user_id || ':tastemaker_item_id:' || n.track_id,
           'tastemaker',
           (SELECT max(blocknumber) FROM tracks),
           n.created_at AT TIME ZONE 'UTC',
           jsonb_build_object(
               'tastemaker_item_id', n.track_id,
               'tastemaker_item_type', 'track',
               'tastemaker_item_owner_id', t.owner_id,
               'action', CASE WHEN EXISTS (
                   SELECT 1 FROM reposts r
                   WHERE r.repost_item_id = n.track_id AND r.repost_type = 'track' AND r.user_id = n.user_id
                     AND r.is_current AND NOT r.is_delete) THEN 'repost' ELSE 'save' END,
               'tastemaker_user_id', n.user_id),
           ARRAY[n.user_id]
    FROM n
    JOIN tracks t ON t.track_id = n.track_id AND t.is_current
    ORDER BY n.track_id, n.user_id
    ON CONFLICT ON CONSTRAINT uq_notification DO NOTHING;
    RETURN NULL;
END $$;

-- trending / trending_underground, one per rewarded rank, to the track owner. The track is the one
-- trending_results holds for the reward's week and rank (the processor writes it first, in the same
-- transaction); the group's timestamp is the reward's completion time in epoch seconds.
CREATE OR REPLACE FUNCTION on_user_challenge_trending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Filtered first, so the specifier casts below never see another challenge's specifier.
    WITH rewards AS MATERIALIZED (
        SELECT n.user_id, n.specifier, n.completed_at, n.completed_blocknumber, k.type, k.results_type
        FROM new_rows n
        JOIN (VALUES ('tt', 'TRACKS', 'trending'), ('tut', 'UNDERGROUND_TRACKS', 'trending_underground'))
            AS k (challenge_id, results_type, type) ON k.challenge_id = n.challenge_id
        WHERE n.is_complete
    )
    INSERT INTO notification (specifier, group_id, type, blocknumber, "timestamp", data, user_ids)
    SELECT r.id,
           n.type || ':time_range:week:genre:all:rank:' || r.rank || ':track_id:' || r.id
               || ':timestamp:' || floor(extract(epoch FROM n.completed_at))::bigint,
           n.type,
           n.completed_blocknumber,
           n.completed_at,
           jsonb_build_object('time_range', 'week', 'genre', 'all', 'rank', r.rank, 'track_id', r.id::int),
           ARRAY[n.user_id]
    FROM rewards n
    JOIN trending_results r ON r.type = n.results_type AND r.version = 'pnagD'
        AND r.week = split_part(n.specifier, ':', 1)::date AND r.rank = split_part(n.specifier, ':', 2)::int
    ORDER BY n.type, r.rank
    ON CONFLICT ON CONSTRAINT uq_notification DO NOTHING;
    RETURN NULL;
END $$;

SELECT attach_statement_triggers('user_challenges', 'on_user_challenge_tastemaker', ARRAY['INSERT']);
SELECT attach_statement_triggers('user_challenges', 'on_user_challenge_trending', ARRAY['INSERT']);
