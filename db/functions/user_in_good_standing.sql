-- A current, active user with a non-negative score (or any score, when check_score is false): whose actions
-- may still notify others.
-- Not inlined (PostgreSQL inlines only a body without sublinks, and this one holds EXISTS): it runs per
-- row as a function, a probe each time, which the planner can never turn into a join over the table.
CREATE OR REPLACE FUNCTION user_in_good_standing(uid integer, check_score boolean) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM users u JOIN aggregate_user au ON au.user_id = u.user_id
        WHERE u.user_id = uid AND u.is_current AND NOT u.is_deactivated
          AND (NOT check_score OR coalesce(au.score, 0) >= 0))
$$;
