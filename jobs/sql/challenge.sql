SELECT id, type::text AS type, amount::bigint AS amount, active, step_count, starting_block, cooldown_days
FROM challenges WHERE id = %(challenge_id)s
