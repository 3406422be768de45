SELECT cityos_enable_tenant_rls('outbox_event');
