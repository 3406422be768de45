-- PostgreSQL only: row-level security on every B2B table (core's cityos_enable_tenant_rls), and
-- partial indexes for the two sweeps: quotes past valid_until, invoices past due.
SELECT cityos_enable_tenant_rls('b2b_company');
SELECT cityos_enable_tenant_rls('b2b_company_address');
SELECT cityos_enable_tenant_rls('b2b_employee');
SELECT cityos_enable_tenant_rls('b2b_invitation');
SELECT cityos_enable_tenant_rls('b2b_quote');
SELECT cityos_enable_tenant_rls('b2b_quote_line');
SELECT cityos_enable_tenant_rls('b2b_quote_history');
SELECT cityos_enable_tenant_rls('b2b_approval');
SELECT cityos_enable_tenant_rls('b2b_customer_group');
SELECT cityos_enable_tenant_rls('b2b_customer_group_member');
SELECT cityos_enable_tenant_rls('b2b_price_list');
SELECT cityos_enable_tenant_rls('b2b_price');
SELECT cityos_enable_tenant_rls('b2b_price_tier');

CREATE INDEX b2b_quote_quoted_ix ON b2b_quote (tenant_id, valid_until, id) WHERE status = 'quoted';
CREATE INDEX billing_invoice_overdue_ix ON billing_invoice (tenant_id, due_at, id)
    WHERE status = 'open' AND due_at IS NOT NULL AND overdue_at IS NULL;
