-- Reward notifications from user_challenges (upstream handle_on_user_challenge, trigger on_user_challenge):
--   cooldown_days NULL or 0: claimable_reward (not for the trending rewards tt, tut, tp) and challenge_reward;
--   cooldown_days > 0:       reward_in_cooldown (not for b and s, which have purchase notifications), unless
--                            the user has one with timestamp >= completed_at - 1 hour.
--
-- Statement-level with transition tables: the processors upsert thousands of rows in one statement, and
-- only the rows that became complete in it matter. Upstream's row trigger re-fires on every update of a
-- complete row and relies on uq_notification (every group_id names the row) to make that harmless; firing
-- on the transition alone writes the same rows, once, without a lookup per updated row.
--
-- Deviations from upstream, on purpose:
--   - timestamp falls back to created_at when completed_at is NULL: notification.timestamp is NOT NULL, and
--     upstream's insert would fail (and with it the processor's whole tick) on such a row;
--   - the [LATER] user_score_features.challenge_count upsert is not done: this schema has no such table.

CREATE OR REPLACE FUNCTION notify_completed_user_challenges(done user_challenges[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    INSERT INTO notification (blocknumber, user_ids, "timestamp", type, group_id, specifier, data)
    SELECT n.blocknumber, ARRAY[n.user_id], n.ts, n.type,
           n.type || ':' || n.user_id || ':challenge:' || n.challenge_id || ':specifier:' || n.uc_specifier,
           n.specifier, n.data
    FROM (
        SELECT d.completed_blocknumber AS blocknumber, d.user_id, d.challenge_id, d.specifier AS uc_specifier,
               coalesce(d.completed_at, d.created_at AT TIME ZONE 'UTC') AS ts,
               k.type,
               CASE k.type WHEN 'claimable_reward' THEN d.specifier ELSE d.user_id::text END AS specifier,
               CASE k.type
                   WHEN 'claimable_reward' THEN jsonb_build_object(
                       'specifier', d.specifier, 'challenge_id', d.challenge_id, 'amount', d.amount)
                   ELSE jsonb_build_object(
                       'specifier', d.specifier, 'challenge_id', d.challenge_id,
                       'amount', d.amount::text || '00000000')
                       || CASE WHEN d.challenge_id = 'e'
                               THEN jsonb_build_object('listen_streak', coalesce(s.listen_streak, 0))
                               ELSE '{}'::jsonb END
               END AS data
        FROM unnest(done) d
        JOIN challenges c ON c.id = d.challenge_id
        LEFT JOIN challenge_listen_streak s ON d.challenge_id = 'e' AND s.user_id = d.user_id
        CROSS JOIN LATERAL (VALUES ('claimable_reward'), ('challenge_reward')) k (type)
        WHERE d.is_complete
          AND coalesce(c.cooldown_days, 0) = 0
          AND NOT (k.type = 'claimable_reward' AND d.challenge_id IN ('tt', 'tut', 'tp'))
    ) n
    ORDER BY n.user_id, n.challenge_id, n.uc_specifier, n.type
    ON CONFLICT ON CONSTRAINT uq_notification DO NOTHING;

    -- One at a time, oldest first: the hour window makes each insert depend on the ones before it (upstream's
    -- row trigger saw its own earlier inserts of the same statement the same way). Only rows completing now
    -- with a cooldown get here, and each costs one probe of notification_reward_in_cooldown_idx (migration
    -- 0009; reward notifications name their one user in user_ids[1]).
    FOR r IN
        SELECT d.*, coalesce(d.completed_at, d.created_at AT TIME ZONE 'UTC') AS ts
        FROM unnest(done) d
        JOIN challenges c ON c.id = d.challenge_id
        WHERE d.is_complete AND c.cooldown_days > 0 AND d.challenge_id NOT IN ('b', 's')
        ORDER BY d.user_id, ts, d.challenge_id, d.specifier
    LOOP
        INSERT INTO notification (blocknumber, user_ids, "timestamp", type, group_id, specifier, data)
        SELECT r.completed_blocknumber, ARRAY[r.user_id], r.ts, 'reward_in_cooldown',
               'reward_in_cooldown:' || r.user_id || ':challenge:' || r.challenge_id || ':specifier:' || r.specifier,
               r.specifier,
               jsonb_build_object('specifier', r.specifier, 'challenge_id', r.challenge_id, 'amount', r.amount)
        WHERE NOT EXISTS (
            SELECT 1 FROM notification x
            WHERE x.type = 'reward_in_cooldown' AND x.user_ids[1] = r.user_id
              AND x."timestamp" >= r.ts - interval '1 hour')
        ON CONFLICT ON CONSTRAINT uq_notification DO NOTHING;
    END LOOP;
END $$;

CREATE OR REPLACE FUNCTION handle_on_user_challenge() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    done user_challenges[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(n) INTO done FROM new_rows n WHERE n.is_complete;
    ELSE
        -- Newly complete: complete now and not before (a key change counts as a new row).
        SELECT array_agg(n) INTO done
        FROM new_rows n
        LEFT JOIN old_rows o ON o.challenge_id = n.challenge_id AND o.specifier = n.specifier
        WHERE n.is_complete AND o.is_complete IS NOT TRUE;
    END IF;
    IF done IS NOT NULL THEN
        PERFORM notify_completed_user_challenges(done);
    END IF;
    RETURN NULL;
END $$;

-- A trigger with transition tables has one event, hence one per event (an INSERT ... ON CONFLICT DO UPDATE
-- fires both: its inserted rows in the first, its updated rows in the second).
CREATE OR REPLACE TRIGGER on_user_challenge_insert
AFTER INSERT ON user_challenges REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION handle_on_user_challenge();

CREATE OR REPLACE TRIGGER on_user_challenge_update
AFTER UPDATE ON user_challenges REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION handle_on_user_challenge();
