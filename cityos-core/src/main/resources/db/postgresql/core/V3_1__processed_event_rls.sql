SELECT cityos_enable_tenant_rls('processed_event');
