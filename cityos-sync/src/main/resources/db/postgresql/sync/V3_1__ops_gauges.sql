-- PostgreSQL only: the sync module's gauges of the operations snapshot (cityOs.operations()).
-- Row-level security binds the application role and (FORCE) the owner, so this function, which
-- runs as its owner (SECURITY DEFINER), scopes itself to one tenant after the other exactly as
-- the library does (the transaction-local cityos.tenant_id, restored on exit by the SET clause)
-- and returns totals only: no row, no tenant id, no URL. It takes no argument.
CREATE FUNCTION cityos_ops_sync()
    RETURNS TABLE (endpoints_disabled bigint, endpoints_failing bigint, deliveries_pending bigint,
                   oldest_pending timestamptz, integrations_unknown bigint, integrations_healthy bigint,
                   integrations_degraded bigint, integrations_failing bigint, failures_open bigint,
                   next_pull_due timestamptz)
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET cityos.tenant_id = ''
AS $$
DECLARE
    t uuid;
    a bigint;
    b bigint;
    c bigint;
    d bigint;
    ts timestamptz;
BEGIN
    endpoints_disabled := 0;
    endpoints_failing := 0;
    deliveries_pending := 0;
    integrations_unknown := 0;
    integrations_healthy := 0;
    integrations_degraded := 0;
    integrations_failing := 0;
    failures_open := 0;
    FOR t IN SELECT id FROM tenant LOOP
        PERFORM set_config('cityos.tenant_id', t::text, true);

        SELECT count(*) FILTER (WHERE NOT e.enabled), count(*) FILTER (WHERE e.enabled AND e.consecutive_failures > 0)
          INTO a, b FROM webhook_endpoint e WHERE e.tenant_id = t;
        endpoints_disabled := endpoints_disabled + a;
        endpoints_failing := endpoints_failing + b;

        SELECT count(*), min(w.created_at) INTO a, ts
          FROM webhook_delivery w WHERE w.tenant_id = t AND w.status = 'pending';
        deliveries_pending := deliveries_pending + a;
        IF ts IS NOT NULL AND (oldest_pending IS NULL OR ts < oldest_pending) THEN
            oldest_pending := ts;
        END IF;

        SELECT count(*) FILTER (WHERE i.health = 'UNKNOWN'), count(*) FILTER (WHERE i.health = 'HEALTHY'),
               count(*) FILTER (WHERE i.health = 'DEGRADED'), count(*) FILTER (WHERE i.health = 'FAILING')
          INTO a, b, c, d FROM sync_integration i WHERE i.tenant_id = t AND i.enabled;
        integrations_unknown := integrations_unknown + a;
        integrations_healthy := integrations_healthy + b;
        integrations_degraded := integrations_degraded + c;
        integrations_failing := integrations_failing + d;

        SELECT count(*) INTO a FROM sync_failure f WHERE f.tenant_id = t AND f.status = 'OPEN';
        failures_open := failures_open + a;

        SELECT min(coalesce(cu.pulled_at, bi.created_at) + bi.pull_every_seconds * interval '1 second') INTO ts
          FROM sync_binding bi
          JOIN sync_integration i ON i.tenant_id = bi.tenant_id AND i.id = bi.integration_id
          LEFT JOIN sync_cursor cu ON cu.tenant_id = bi.tenant_id AND cu.integration_id = bi.integration_id
                                  AND cu.entity_type = bi.entity_type
         WHERE bi.tenant_id = t AND bi.pull_every_seconds IS NOT NULL AND i.enabled;
        IF ts IS NOT NULL AND (next_pull_due IS NULL OR ts < next_pull_due) THEN
            next_pull_due := ts;
        END IF;
    END LOOP;
    RETURN NEXT;
END
$$;

-- a SECURITY DEFINER function resolves names in its own schema only (pg_temp last)
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION cityos_ops_sync() SET search_path = %I, pg_temp', current_schema());
END
$$;
