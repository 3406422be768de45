UPDATE mkt_payout_account SET status = 'PENDING' WHERE payouts_enabled = FALSE;
