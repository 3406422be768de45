-- The operations snapshot counts open invoices in dunning and overdue; this index keeps that to
-- the open invoices instead of every invoice ever issued.
CREATE INDEX billing_invoice_status_ix ON billing_invoice (tenant_id, status);
