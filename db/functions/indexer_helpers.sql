-- A positive int32 written as plain decimal digits: what a chain id string must be to become an integer id.
-- CASE, not AND: the cast must never run on a string that is not digits.
CREATE OR REPLACE FUNCTION is_int_id(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value ~ '^[0-9]{1,10}$' THEN value::bigint BETWEEN 1 AND 2147483647 ELSE false END
$$;
