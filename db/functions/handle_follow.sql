-- follower_count of the followee and following_count of the follower, from live follow rows.
CREATE OR REPLACE FUNCTION handle_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($q$
        WITH changes AS (%s),
        live AS (SELECT * FROM changes WHERE is_current AND NOT is_delete),
        per_user AS (
            SELECT user_id, sum(followers) AS followers, sum(following) AS following
            FROM (
                SELECT followee_user_id AS user_id, sign AS followers, 0 AS following FROM live
                UNION ALL
                SELECT follower_user_id, 0, sign FROM live
            ) d
            GROUP BY user_id
            HAVING sum(followers) <> 0 OR sum(following) <> 0
        )
        INSERT INTO aggregate_user AS a (user_id, follower_count, following_count)
        SELECT user_id, followers, following FROM per_user ORDER BY user_id
        ON CONFLICT (user_id) DO UPDATE
        SET follower_count = a.follower_count + EXCLUDED.follower_count,
            following_count = a.following_count + EXCLUDED.following_count
    $q$, transition_changes(TG_OP));
    RETURN NULL;
END $$;

SELECT attach_statement_triggers('follows', 'handle_follow', ARRAY['INSERT', 'UPDATE', 'DELETE']);
