-- PostgreSQL only: the payout gauges of the operations snapshot (cityOs.operations()).
-- Row-level security binds the application role, and (FORCE) the tables' owner too, so no role
-- the library uses can count every tenant's payouts in one SELECT, and none should read them.
-- This function runs as its owner (SECURITY DEFINER), scopes itself to one tenant after the other
-- exactly as the library does (the transaction-local cityos.tenant_id, restored on exit by the SET
-- clause), and returns three totals: no row, no tenant id, no amount. It takes no argument, so a
-- caller can neither choose what is counted nor probe values with predicates.
CREATE FUNCTION cityos_ops_mkt_payouts()
    RETURNS TABLE (pending_count bigint, processing_count bigint, oldest_created timestamptz)
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET cityos.tenant_id = ''
AS $$
DECLARE
    t uuid;
    n_pending bigint;
    n_processing bigint;
    oldest timestamptz;
BEGIN
    pending_count := 0;
    processing_count := 0;
    FOR t IN SELECT id FROM tenant LOOP
        PERFORM set_config('cityos.tenant_id', t::text, true);
        SELECT count(*) FILTER (WHERE p.status = 'PENDING'), count(*) FILTER (WHERE p.status = 'PROCESSING'),
               min(p.created_at)
          INTO n_pending, n_processing, oldest
          FROM mkt_payout p
         WHERE p.tenant_id = t AND p.status IN ('PENDING', 'PROCESSING');
        pending_count := pending_count + n_pending;
        processing_count := processing_count + n_processing;
        IF oldest IS NOT NULL AND (oldest_created IS NULL OR oldest < oldest_created) THEN
            oldest_created := oldest;
        END IF;
    END LOOP;
    RETURN NEXT;
END
$$;

-- a SECURITY DEFINER function resolves names in its own schema only (pg_temp last)
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION cityos_ops_mkt_payouts() SET search_path = %I, pg_temp', current_schema());
END
$$;
