-- Every user gets its aggregate_user row: reads INNER JOIN it, as upstream, so a user without one vanishes.
CREATE OR REPLACE FUNCTION handle_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO aggregate_user (user_id)
    SELECT DISTINCT user_id FROM new_rows ORDER BY 1
    ON CONFLICT (user_id) DO NOTHING;
    RETURN NULL;
END $$;

SELECT attach_statement_triggers('users', 'handle_user', ARRAY['INSERT']);
