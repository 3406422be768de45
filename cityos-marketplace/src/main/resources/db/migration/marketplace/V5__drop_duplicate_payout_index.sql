-- mkt_payout_vendor_ix has the columns of the unique key mkt_payout_run_uq (tenant_id, vendor_id,
-- run_at), whose index serves the same lookups; the copy only cost an index entry on every
-- payout written and on each of its status changes.
DROP INDEX mkt_payout_vendor_ix;
