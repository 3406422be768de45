ALTER TABLE webhook_endpoint ADD CONSTRAINT webhook_endpoint_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id);
ALTER TABLE webhook_delivery ADD CONSTRAINT webhook_delivery_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id);
ALTER TABLE webhook_attempt ADD CONSTRAINT webhook_attempt_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id);
ALTER TABLE inbound_webhook ADD CONSTRAINT inbound_webhook_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id);
SELECT cityos_enable_tenant_rls('webhook_endpoint');
SELECT cityos_enable_tenant_rls('webhook_delivery');
SELECT cityos_enable_tenant_rls('webhook_attempt');
SELECT cityos_enable_tenant_rls('inbound_webhook');
