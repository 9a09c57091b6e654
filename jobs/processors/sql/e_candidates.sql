SELECT %(challenge_id)s AS challenge_id, user_id, specifier, current_step_count, step_count, amount,
       NULL::integer AS completed_blocknumber
FROM unnest(%(user_id)s::integer[], %(specifier)s::text[], %(current_step_count)s::integer[],
            %(step_count)s::integer[], %(amount)s::integer[])
    AS x(user_id, specifier, current_step_count, step_count, amount)
