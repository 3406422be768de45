-- Row-level security binds the owner too (FORCE): lift it for this one data fix, then restore it.
SELECT cityos_enable_tenant_rls('mkt_payout_schedule_run');
SELECT cityos_enable_tenant_rls('mkt_payout_reversal');
ALTER TABLE mkt_payout_account NO FORCE ROW LEVEL SECURITY;
ALTER TABLE mkt_payout_account DISABLE ROW LEVEL SECURITY;
UPDATE mkt_payout_account SET status = 'PENDING' WHERE payouts_enabled = FALSE;
ALTER TABLE mkt_payout_account ENABLE ROW LEVEL SECURITY;
ALTER TABLE mkt_payout_account FORCE ROW LEVEL SECURITY;
