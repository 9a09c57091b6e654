-- One reward per rank of the week's results, to the track owner, complete at once. completed_blocknumber is
-- stamped (the Go port does) because the disburser's cursor never sweeps rows left with NULL.
SELECT %(challenge_id)s AS challenge_id, r.user_id, to_char(r.week, 'YYYY-MM-DD') || ':' || r.rank AS specifier,
       1 AS current_step_count, 1 AS step_count,
       -- A rank the catalog's table does not list pays the challenge's flat amount.
       coalesce((%(rank_amounts)s::integer[])[r.rank], %(amount)s) AS amount,
       (SELECT max(blocknumber) FROM tracks) AS completed_blocknumber
FROM trending_results r
WHERE r.type = %(type)s AND r.version = %(version)s AND r.week = %(week)s
