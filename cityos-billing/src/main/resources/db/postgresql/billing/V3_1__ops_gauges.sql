-- PostgreSQL only: the billing gauges of the operations snapshot (cityOs.operations()).
-- Row-level security binds the application role and (FORCE) the owner, so this function, which
-- runs as its owner (SECURITY DEFINER), scopes itself to one tenant after the other exactly as
-- the library does (the transaction-local cityos.tenant_id, restored on exit by the SET clause)
-- and returns totals only: no row, no tenant id, no customer, no amount. It takes no argument.
CREATE FUNCTION cityos_ops_billing()
    RETURNS TABLE (dunning_count bigint, oldest_failed timestamptz, overdue_count bigint, oldest_due timestamptz)
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET cityos.tenant_id = ''
AS $$
DECLARE
    t uuid;
    n_dunning bigint;
    n_overdue bigint;
    failed timestamptz;
    due timestamptz;
BEGIN
    dunning_count := 0;
    overdue_count := 0;
    FOR t IN SELECT id FROM tenant LOOP
        PERFORM set_config('cityos.tenant_id', t::text, true);
        SELECT count(*) FILTER (WHERE i.first_failed_at IS NOT NULL), min(i.first_failed_at),
               count(*) FILTER (WHERE i.overdue_at IS NOT NULL), min(i.due_at) FILTER (WHERE i.overdue_at IS NOT NULL)
          INTO n_dunning, failed, n_overdue, due
          FROM billing_invoice i
         WHERE i.tenant_id = t AND i.status = 'open';
        dunning_count := dunning_count + n_dunning;
        overdue_count := overdue_count + n_overdue;
        IF failed IS NOT NULL AND (oldest_failed IS NULL OR failed < oldest_failed) THEN
            oldest_failed := failed;
        END IF;
        IF due IS NOT NULL AND (oldest_due IS NULL OR due < oldest_due) THEN
            oldest_due := due;
        END IF;
    END LOOP;
    RETURN NEXT;
END
$$;

-- a SECURITY DEFINER function resolves names in its own schema only (pg_temp last)
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION cityos_ops_billing() SET search_path = %I, pg_temp', current_schema());
END
$$;
