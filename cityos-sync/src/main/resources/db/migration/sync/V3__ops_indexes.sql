-- The operations snapshot counts deliveries still being tried (status 'pending') and finds the
-- oldest; without this index that would read every delivery ever made.
CREATE INDEX webhook_delivery_status_ix ON webhook_delivery (tenant_id, status, created_at);
