-- H2 only: the same append-only rule the PostgreSQL triggers enforce.
CREATE TRIGGER audit_log_append_only BEFORE UPDATE, DELETE ON audit_log
    FOR EACH ROW CALL 'org.cityos.core.internal.AppendOnlyTrigger';
CREATE TRIGGER platform_audit_log_append_only BEFORE UPDATE, DELETE ON platform_audit_log
    FOR EACH ROW CALL 'org.cityos.core.internal.AppendOnlyTrigger';
