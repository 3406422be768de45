-- H2 only (the same file is in db/postgresql/billing): foreign keys of the B2B roots to core's
-- tenant table, kept out of the portable script so that code generation reads that script on its own.
ALTER TABLE b2b_company ADD CONSTRAINT b2b_company_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id);
ALTER TABLE b2b_customer_group ADD CONSTRAINT b2b_customer_group_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id);
