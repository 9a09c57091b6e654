-- A positive int32: what a chain id string must be to become an integer id. The same strings Python's int()
-- takes (surrounding blanks, a sign), as legacy parsed them; pg_input_is_valid (PostgreSQL 16+) instead of
-- a regular expression: it runs once per play on a backfill. CASE, not AND: the cast must never see a
-- string that is not an integer.
CREATE OR REPLACE FUNCTION is_int_id(value text) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN pg_input_is_valid(value, 'integer') THEN value::integer > 0 ELSE false END
$$;
