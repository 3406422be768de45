-- PostgreSQL only: row-level security on every marketplace table, the wall behind the tenant
-- guard (cityos_enable_tenant_rls comes from core's V1_1).
SELECT cityos_enable_tenant_rls('mkt_vendor');
SELECT cityos_enable_tenant_rls('mkt_vendor_member');
SELECT cityos_enable_tenant_rls('mkt_payout_account');
SELECT cityos_enable_tenant_rls('mkt_product');
SELECT cityos_enable_tenant_rls('mkt_commission_rule');
SELECT cityos_enable_tenant_rls('mkt_order');
SELECT cityos_enable_tenant_rls('mkt_vendor_order');
SELECT cityos_enable_tenant_rls('mkt_order_line');
SELECT cityos_enable_tenant_rls('mkt_fulfillment');
SELECT cityos_enable_tenant_rls('mkt_refund');
SELECT cityos_enable_tenant_rls('mkt_payout');
