-- Tracking of a fulfillment's shipment as the logistics side reports it (a logistics platform
-- through cityos-sync, or the host): the latest status and when it was reported. Carrier and
-- tracking number may be filled in or corrected by the same report.
ALTER TABLE mkt_fulfillment ADD COLUMN tracking_status VARCHAR(50);
ALTER TABLE mkt_fulfillment ADD COLUMN tracking_updated_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX mkt_fulfillment_vendor_order_ix ON mkt_fulfillment (tenant_id, vendor_order_id);
