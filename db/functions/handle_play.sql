-- What a play fans out to (upstream handle_play, plus the newer user_distinct_play_* step):
--   aggregate_plays           the track's total;
--   aggregate_monthly_plays   per track, month and country ('' when unknown);
--   milestones + notification a 'milestone' to the track's owner when a total lands on a threshold;
--   user_distinct_play_hours  +1 when a listener's play falls in a later hour than the hour of the play
--                             that last counted (updated_at moves to that play's time);
--   user_distinct_play_tracks +1 when it is the listener's first play of that track;
--   track_listeners           +1 for (track, listener) when the play falls in a clock hour (date_trunc) in
--                             which that listener had no earlier play (by id) of that track: the distinct
--                             hours upstream's top listeners count (migration 0016).
--
-- The definition is row by row, in insertion (id) order: handle_play_row below is that definition, as
-- upstream writes it (several upserts per row). handle_play computes the same result for a whole
-- statement at once, so a backfill of a million plays costs one pass per inserted batch. Tests run both on
-- the same plays and compare every table; the benchmark races them. Plays are append-only.
--
-- Time: plays.created_at is naive UTC; the per-user timestamps are stored as that instant in UTC and hours
-- compared in UTC, so neither depends on the session's TimeZone.

CREATE OR REPLACE FUNCTION listen_count_milestones() RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY[10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000,
                 1000000]
$$;

CREATE OR REPLACE FUNCTION milestone_group_id(track_id integer, threshold integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT 'milestone:LISTEN_COUNT:id:' || track_id || ':threshold:' || threshold
$$;

-- Set-based: one statement's plays at once.
CREATE OR REPLACE FUNCTION handle_play() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The k-th new play of a track (by id) brought its total to (total before the statement) + k, so the
    -- play that reached a threshold, and its slot and time, are known without replaying the rows.
    WITH per_track AS (
        SELECT play_item_id, count(*) AS n FROM new_rows GROUP BY play_item_id
    ), totals AS (
        INSERT INTO aggregate_plays AS a (play_item_id, count)
        SELECT play_item_id, n FROM per_track ORDER BY play_item_id
        ON CONFLICT (play_item_id) DO UPDATE SET count = coalesce(a.count, 0) + EXCLUDED.count
        RETURNING a.play_item_id, a.count AS total
    ), crossing AS (
        -- width_bucket counts the thresholds at or below a total: only tracks whose count changed buckets
        -- crossed one, and only those are expanded.
        SELECT t.play_item_id, t.total - p.n AS before, threshold
        FROM totals t
        JOIN per_track p USING (play_item_id)
        CROSS JOIN LATERAL unnest(listen_count_milestones()) AS threshold
        WHERE width_bucket(t.total, listen_count_milestones()::bigint[])
              > width_bucket(t.total - p.n, listen_count_milestones()::bigint[])
          AND threshold > t.total - p.n AND threshold <= t.total
    ), reached AS (
        SELECT c.play_item_id, c.threshold, r.slot, r.created_at
        FROM crossing c
        JOIN (
            SELECT play_item_id, slot, created_at,
                   row_number() OVER (PARTITION BY play_item_id ORDER BY id) AS k
            FROM new_rows WHERE play_item_id IN (SELECT play_item_id FROM crossing)
        ) r ON r.play_item_id = c.play_item_id AND r.k = c.threshold - c.before
    ), recorded AS (
        INSERT INTO milestones (id, name, threshold, slot, "timestamp")
        SELECT play_item_id, 'LISTEN_COUNT', threshold, slot, created_at FROM reached
        ON CONFLICT DO NOTHING
    )
    INSERT INTO notification (user_ids, type, specifier, group_id, slot, "timestamp", data)
    SELECT ARRAY[t.owner_id], 'milestone', t.owner_id::text, milestone_group_id(m.play_item_id, m.threshold),
           m.slot, m.created_at,
           jsonb_build_object('type', 'LISTEN_COUNT', 'track_id', m.play_item_id, 'threshold', m.threshold)
    FROM reached m
    JOIN tracks t ON t.track_id = m.play_item_id AND t.is_current
    ON CONFLICT DO NOTHING;

    INSERT INTO aggregate_monthly_plays AS a (play_item_id, "timestamp", country, count)
    SELECT play_item_id, date_trunc('month', created_at)::date, coalesce(country, ''), count(*)
    FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (play_item_id, "timestamp", country) DO UPDATE SET count = a.count + EXCLUDED.count;

    -- Lock the listeners' hour rows first: the running maximum below reads them.
    PERFORM 1 FROM user_distinct_play_hours
    WHERE user_id IN (SELECT user_id FROM new_rows WHERE user_id IS NOT NULL)
    ORDER BY user_id FOR UPDATE;

    -- The stored hour only ever moves forward, to the hour of a counted play, and a play counts exactly when
    -- its hour is later than that; so the stored hour is the running maximum, and a play counts when its
    -- hour beats the maximum of the stored hour and every earlier new play of that listener.
    WITH listened AS (
        SELECT r.user_id, r.id, r.created_at, date_trunc('hour', r.created_at) AS hour,
               date_trunc('hour', d.updated_at AT TIME ZONE 'UTC') AS stored_hour
        FROM new_rows r LEFT JOIN user_distinct_play_hours d USING (user_id)
        WHERE r.user_id IS NOT NULL
    ), marked AS (
        SELECT user_id, id, created_at,
               hour > coalesce(greatest(stored_hour, max(hour) OVER (
                   PARTITION BY user_id ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)),
                   '-infinity') AS counts
        FROM listened
    ), per_user AS (
        SELECT user_id, count(*) AS n,
               (array_agg(created_at ORDER BY id DESC))[1] AS last_counted
        FROM marked WHERE counts GROUP BY user_id
    )
    INSERT INTO user_distinct_play_hours AS d (user_id, hours_with_play, updated_at)
    SELECT user_id, n, last_counted AT TIME ZONE 'UTC' FROM per_user ORDER BY user_id
    ON CONFLICT (user_id) DO UPDATE
    SET hours_with_play = d.hours_with_play + EXCLUDED.hours_with_play, updated_at = EXCLUDED.updated_at;

    WITH firsts AS (
        SELECT user_id, play_item_id, min(id) AS first_id FROM new_rows
        WHERE user_id IS NOT NULL GROUP BY user_id, play_item_id
    ), fresh AS (
        -- One index probe per (listener, track) of the batch. A plain NOT EXISTS lets the planner hash the
        -- whole plays table instead, which grows with every play ever indexed; LIMIT keeps it a probe.
        SELECT f.user_id, f.first_id, r.created_at FROM firsts f
        JOIN new_rows r ON r.id = f.first_id
        LEFT JOIN LATERAL (
            SELECT true AS seen FROM plays p
            WHERE p.play_item_id = f.play_item_id AND p.user_id = f.user_id AND p.id < f.first_id
            LIMIT 1
        ) earlier ON true
        WHERE earlier.seen IS NULL
    ), per_user AS (
        SELECT user_id, count(*) AS n, (array_agg(created_at ORDER BY first_id DESC))[1] AS last_counted
        FROM fresh GROUP BY user_id
    )
    INSERT INTO user_distinct_play_tracks AS d (user_id, track_count, updated_at)
    SELECT user_id, n, last_counted AT TIME ZONE 'UTC' FROM per_user ORDER BY user_id
    ON CONFLICT (user_id) DO UPDATE
    SET track_count = d.track_count + EXCLUDED.track_count, updated_at = EXCLUDED.updated_at;

    -- An hour counts for (track, listener) once, at its first play by id: one range probe of the plays index
    -- per (track, listener, hour) of the batch, never a count over the track's plays.
    WITH hours AS (
        SELECT play_item_id, user_id, date_trunc('hour', created_at) AS hour, min(id) AS first_id
        FROM new_rows WHERE user_id IS NOT NULL GROUP BY 1, 2, 3
    ), fresh AS (
        SELECT h.play_item_id, h.user_id FROM hours h
        LEFT JOIN LATERAL (
            SELECT true AS seen FROM plays p
            WHERE p.play_item_id = h.play_item_id AND p.user_id = h.user_id
              AND p.created_at >= h.hour AND p.created_at < h.hour + interval '1 hour' AND p.id < h.first_id
            LIMIT 1
        ) earlier ON true
        WHERE earlier.seen IS NULL
    )
    INSERT INTO track_listeners AS l (track_id, user_id, listen_hours)
    SELECT play_item_id, user_id, count(*) FROM fresh GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (track_id, user_id) DO UPDATE SET listen_hours = l.listen_hours + EXCLUDED.listen_hours;
    RETURN NULL;
END $$;

-- The row-by-row definition, upstream style. Not attached by default; use_play_trigger('row') swaps it in
-- (tests and the benchmark). "Earlier" is id < NEW.id, so it also holds when one statement inserts many.
CREATE OR REPLACE FUNCTION handle_play_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    new_total bigint;
    owner integer;
BEGIN
    -- As upstream: make sure the row exists, then count the play and keep the new total.
    INSERT INTO aggregate_plays (play_item_id, count) VALUES (NEW.play_item_id, 0)
    ON CONFLICT (play_item_id) DO NOTHING;
    UPDATE aggregate_plays SET count = coalesce(count, 0) + 1 WHERE play_item_id = NEW.play_item_id
    RETURNING count INTO new_total;

    INSERT INTO aggregate_monthly_plays AS a (play_item_id, "timestamp", country, count)
    VALUES (NEW.play_item_id, date_trunc('month', NEW.created_at)::date, coalesce(NEW.country, ''), 1)
    ON CONFLICT (play_item_id, "timestamp", country) DO UPDATE SET count = a.count + 1;

    IF new_total = ANY (listen_count_milestones()) THEN
        INSERT INTO milestones (id, name, threshold, slot, "timestamp")
        VALUES (NEW.play_item_id, 'LISTEN_COUNT', new_total, NEW.slot, NEW.created_at)
        ON CONFLICT DO NOTHING;
        SELECT owner_id INTO owner FROM tracks WHERE track_id = NEW.play_item_id AND is_current;
        IF owner IS NOT NULL THEN
            INSERT INTO notification (user_ids, type, specifier, group_id, slot, "timestamp", data)
            VALUES (ARRAY[owner], 'milestone', owner::text, milestone_group_id(NEW.play_item_id, new_total::int),
                    NEW.slot, NEW.created_at,
                    jsonb_build_object('type', 'LISTEN_COUNT', 'track_id', NEW.play_item_id,
                                       'threshold', new_total))
            ON CONFLICT DO NOTHING;
        END IF;
    END IF;

    IF NEW.user_id IS NOT NULL THEN
        INSERT INTO user_distinct_play_hours AS d (user_id, hours_with_play, updated_at)
        VALUES (NEW.user_id, 1, NEW.created_at AT TIME ZONE 'UTC')
        ON CONFLICT (user_id) DO UPDATE
        SET hours_with_play = d.hours_with_play + 1, updated_at = EXCLUDED.updated_at
        WHERE date_trunc('hour', NEW.created_at) > date_trunc('hour', d.updated_at AT TIME ZONE 'UTC');

        IF NOT EXISTS (SELECT 1 FROM plays p WHERE p.user_id = NEW.user_id
                       AND p.play_item_id = NEW.play_item_id AND p.id < NEW.id) THEN
            INSERT INTO user_distinct_play_tracks AS d (user_id, track_count, updated_at)
            VALUES (NEW.user_id, 1, NEW.created_at AT TIME ZONE 'UTC')
            ON CONFLICT (user_id) DO UPDATE
            SET track_count = d.track_count + 1, updated_at = EXCLUDED.updated_at;
        END IF;

        IF NOT EXISTS (SELECT 1 FROM plays p WHERE p.play_item_id = NEW.play_item_id AND p.user_id = NEW.user_id
                       AND p.created_at >= date_trunc('hour', NEW.created_at)
                       AND p.created_at < date_trunc('hour', NEW.created_at) + interval '1 hour'
                       AND p.id < NEW.id) THEN
            INSERT INTO track_listeners AS l (track_id, user_id, listen_hours)
            VALUES (NEW.play_item_id, NEW.user_id, 1)
            ON CONFLICT (track_id, user_id) DO UPDATE SET listen_hours = l.listen_hours + 1;
        END IF;
    END IF;
    RETURN NULL;
END $$;

-- 'statement' (the default, set-based) or 'row' (the reference definition); exactly one is attached.
CREATE OR REPLACE FUNCTION use_play_trigger(mode text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF mode NOT IN ('statement', 'row') THEN
        RAISE EXCEPTION 'use_play_trigger: mode must be statement or row, not %', mode;
    END IF;
    DROP TRIGGER IF EXISTS handle_play_insert ON plays;
    DROP TRIGGER IF EXISTS on_play ON plays;
    IF mode = 'statement' THEN
        PERFORM attach_statement_triggers('plays', 'handle_play', ARRAY['INSERT']);
    ELSE
        CREATE TRIGGER on_play AFTER INSERT ON plays FOR EACH ROW EXECUTE FUNCTION handle_play_row();
    END IF;
END $$;

SELECT use_play_trigger('statement');
