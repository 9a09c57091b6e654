-- A JSON id as text -> the int4 it names, or NULL when it names none (not all digits, or beyond int4): ids in
-- notification data and event data are JSON, so a bad one must read as "no such row", never fail the query.
-- The nested CASE keeps the bigint cast behind the digit test (AND would not guarantee the order); up to 10
-- digits covers every int4. A single-expression SQL function, so the planner inlines it.
CREATE OR REPLACE FUNCTION int4_id(value text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value ~ '^[0-9]{1,10}$'
                THEN CASE WHEN value::bigint <= 2147483647 THEN value::integer END END
$$;
