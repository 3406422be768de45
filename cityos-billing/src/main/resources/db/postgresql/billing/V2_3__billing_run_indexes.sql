-- PostgreSQL only: fewer index entries per invoice, attempt and subscription the billing run
-- writes (H2 has no partial indexes and keeps the portable ones).
--
-- The run's queues are served by the partial indexes of V1_2 (billing_subscription_scheduled_ix,
-- billing_invoice_retry_ix, billing_payment_attempt_open_ix), which every query of those queues
-- can use (next_billing_at <= now, next_attempt_at <= now and status = 'pending' imply their
-- predicates); the full indexes of the portable script on the same columns serve nothing more.
DROP INDEX billing_subscription_due_ix;
DROP INDEX billing_invoice_dunning_ix;
DROP INDEX billing_payment_attempt_pending_ix;

-- Only purchase-order invoices have a company and an order; every query of these indexes names a
-- company (company_id = ?, or company_id IS NOT NULL) or an order, so subscription invoices need
-- no entry in them. NULLs never collide, so the partial unique index keeps one invoice per order.
DROP INDEX billing_invoice_company_ix;
CREATE INDEX billing_invoice_company_ix ON billing_invoice (tenant_id, company_id, status, due_at)
    WHERE company_id IS NOT NULL;
ALTER TABLE billing_invoice DROP CONSTRAINT billing_invoice_order_uq;
CREATE UNIQUE INDEX billing_invoice_order_uq ON billing_invoice (tenant_id, order_id) WHERE order_id IS NOT NULL;
