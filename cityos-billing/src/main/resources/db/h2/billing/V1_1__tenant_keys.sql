-- H2 only (the same file is in db/postgresql/billing): foreign keys to core's tenant table,
-- kept out of the portable script so that code generation reads that script on its own.
-- Each billing table belongs to a tenant of core's tenant table.
ALTER TABLE billing_plan ADD CONSTRAINT billing_plan_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id);
ALTER TABLE billing_customer ADD CONSTRAINT billing_customer_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id);
ALTER TABLE billing_invoice_counter ADD CONSTRAINT billing_invoice_counter_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id);
