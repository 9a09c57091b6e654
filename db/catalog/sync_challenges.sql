-- The catalog follows db/catalog/challenges.json: new ids are inserted, existing ones take the file's values
-- (upstream's create_new_challenges sync). A key absent from the file is NULL, as upstream. Ids the file no
-- longer lists stay: user_challenges rows reference them.
INSERT INTO challenges AS c (id, type, amount, active, step_count, starting_block, weekly_pool, cooldown_days,
                             rank_amounts)
SELECT id, type::challengetype, amount, active, step_count, starting_block, weekly_pool, cooldown_days,
       rank_amounts
FROM jsonb_to_recordset(%(catalog)s::jsonb) AS j (
    id varchar, type text, amount varchar, active boolean, step_count integer, starting_block integer,
    weekly_pool integer, cooldown_days integer, rank_amounts integer[])
ON CONFLICT (id) DO UPDATE SET
    type = EXCLUDED.type, amount = EXCLUDED.amount, active = EXCLUDED.active, step_count = EXCLUDED.step_count,
    starting_block = EXCLUDED.starting_block, weekly_pool = EXCLUDED.weekly_pool,
    cooldown_days = EXCLUDED.cooldown_days, rank_amounts = EXCLUDED.rank_amounts
WHERE (c.type, c.amount, c.active, c.step_count, c.starting_block, c.weekly_pool, c.cooldown_days, c.rank_amounts)
    IS DISTINCT FROM (EXCLUDED.type, EXCLUDED.amount, EXCLUDED.active, EXCLUDED.step_count,
                      EXCLUDED.starting_block, EXCLUDED.weekly_pool, EXCLUDED.cooldown_days, EXCLUDED.rank_amounts)
