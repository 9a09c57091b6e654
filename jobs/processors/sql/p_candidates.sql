SELECT %(challenge_id)s AS challenge_id, user_id, to_hex(user_id) AS specifier, steps AS current_step_count,
       %(step_count)s AS step_count, %(amount)s AS amount, NULL::integer AS completed_blocknumber
FROM unnest(%(user_id)s::integer[], %(steps)s::integer[]) AS x(user_id, steps)
