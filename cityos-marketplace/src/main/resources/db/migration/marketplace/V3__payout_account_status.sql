-- The account status replaces the payouts_enabled flag (V2_1 carried its value over).
ALTER TABLE mkt_payout_account DROP COLUMN payouts_enabled;
