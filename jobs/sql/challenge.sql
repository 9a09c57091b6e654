SELECT id, type::text AS type, amount::bigint AS amount, active, step_count, starting_block, cooldown_days,
       rank_amounts
FROM challenges WHERE id = %(challenge_id)s
