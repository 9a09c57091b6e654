-- Play counts: aggregate_plays per track and aggregate_monthly_plays per track, month and country
-- (country '' when unknown), one set-based statement per inserted batch. Plays are append-only.
CREATE OR REPLACE FUNCTION handle_play() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO aggregate_plays AS a (play_item_id, count)
    SELECT play_item_id, count(*) FROM new_rows GROUP BY play_item_id ORDER BY play_item_id
    ON CONFLICT (play_item_id) DO UPDATE SET count = coalesce(a.count, 0) + EXCLUDED.count;

    INSERT INTO aggregate_monthly_plays AS a (play_item_id, "timestamp", country, count)
    SELECT play_item_id, date_trunc('month', created_at)::date, coalesce(country, ''), count(*)
    FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (play_item_id, "timestamp", country) DO UPDATE SET count = a.count + EXCLUDED.count;
    RETURN NULL;
END $$;

SELECT attach_statement_triggers('plays', 'handle_play', ARRAY['INSERT']);
