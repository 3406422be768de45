SELECT cityos_enable_tenant_rls('api_key');
