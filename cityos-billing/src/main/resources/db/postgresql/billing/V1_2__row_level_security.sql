-- PostgreSQL only: row-level security on every billing table (core's cityos_enable_tenant_rls),
-- and partial indexes for the billing run's two queues.
SELECT cityos_enable_tenant_rls('billing_plan');
SELECT cityos_enable_tenant_rls('billing_plan_tier');
SELECT cityos_enable_tenant_rls('billing_customer');
SELECT cityos_enable_tenant_rls('billing_subscription');
SELECT cityos_enable_tenant_rls('billing_invoice_counter');
SELECT cityos_enable_tenant_rls('billing_invoice');
SELECT cityos_enable_tenant_rls('billing_invoice_line');
SELECT cityos_enable_tenant_rls('billing_payment_attempt');

CREATE INDEX billing_subscription_scheduled_ix ON billing_subscription (tenant_id, next_billing_at, id)
    WHERE next_billing_at IS NOT NULL;
CREATE INDEX billing_invoice_retry_ix ON billing_invoice (tenant_id, next_attempt_at, id)
    WHERE next_attempt_at IS NOT NULL;
CREATE INDEX billing_payment_attempt_open_ix ON billing_payment_attempt (tenant_id, claimed_until)
    WHERE status = 'pending';
