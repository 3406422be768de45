-- PostgreSQL only: row-level security is the wall behind the library's tenant guard.
-- Each tenant-owned table sees only rows of the tenant named by the transaction-local setting
-- cityos.tenant_id (set by the library with set_config(..., true) at the start of each unit of
-- work). A missing or empty setting matches no row. FORCE makes the policy bind the table owner
-- too; still, the application role must neither own the tables nor have BYPASSRLS.

CREATE FUNCTION cityos_current_tenant() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('cityos.tenant_id', true), '')::uuid $$;

CREATE FUNCTION cityos_enable_tenant_rls(target regclass) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
    EXECUTE format('CREATE POLICY cityos_tenant_isolation ON %s USING (tenant_id = cityos_current_tenant()) '
                   'WITH CHECK (tenant_id = cityos_current_tenant())', target);
END
$$;

SELECT cityos_enable_tenant_rls('store');
SELECT cityos_enable_tenant_rls('portal');
SELECT cityos_enable_tenant_rls('audit_log');

-- Audit rows are append-only, for every role including the owner.
CREATE FUNCTION cityos_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'cityos: % on % is not allowed, audit rows are append-only', TG_OP, TG_TABLE_NAME;
END
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION cityos_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION cityos_append_only();
CREATE TRIGGER platform_audit_log_append_only BEFORE UPDATE OR DELETE ON platform_audit_log
    FOR EACH ROW EXECUTE FUNCTION cityos_append_only();
CREATE TRIGGER platform_audit_log_no_truncate BEFORE TRUNCATE ON platform_audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION cityos_append_only();
