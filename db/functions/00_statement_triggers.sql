-- Helpers shared by the aggregate triggers.
--
-- The aggregate triggers are statement-level with transition tables, so a COPY of a million rows costs
-- one set-based statement, not a million upserts. Each one reads "changes": the rows the statement
-- touched, with sign +1 for a new row version and -1 for an old one, so a delta is just sum(sign) and an
-- UPDATE that flips is_delete or is_current counts itself out and back in.

CREATE OR REPLACE FUNCTION transition_changes(op text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE op
        WHEN 'INSERT' THEN 'SELECT 1 AS sign, n.* FROM new_rows n'
        WHEN 'DELETE' THEN 'SELECT -1 AS sign, o.* FROM old_rows o'
        ELSE 'SELECT 1 AS sign, n.* FROM new_rows n UNION ALL SELECT -1 AS sign, o.* FROM old_rows o'
    END
$$;

-- Attach fn as the AFTER ... FOR EACH STATEMENT trigger for the given events of a table, with args as its
-- TG_ARGV. A trigger with transition tables may have only one event, hence one trigger per event.
DROP FUNCTION IF EXISTS attach_statement_triggers(regclass, text, text[]);
CREATE OR REPLACE FUNCTION attach_statement_triggers(tbl regclass, fn text, events text[], args text[] DEFAULT '{}')
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    ev text;
    referencing text;
BEGIN
    FOREACH ev IN ARRAY events LOOP
        referencing := CASE ev
            WHEN 'INSERT' THEN 'NEW TABLE AS new_rows'
            WHEN 'DELETE' THEN 'OLD TABLE AS old_rows'
            ELSE 'OLD TABLE AS old_rows NEW TABLE AS new_rows'
        END;
        EXECUTE format(
            'CREATE OR REPLACE TRIGGER %I AFTER %s ON %s REFERENCING %s FOR EACH STATEMENT EXECUTE FUNCTION %I(%s)',
            fn || '_' || lower(ev), ev, tbl, referencing, fn,
            (SELECT string_agg(quote_literal(a), ', ') FROM unnest(args) a));
    END LOOP;
END $$;
