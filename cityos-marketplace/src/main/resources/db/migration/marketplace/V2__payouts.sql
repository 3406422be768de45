-- Payouts v2: payouts move pending -> processing -> paid | failed; payout accounts carry a status
-- (pending | active | restricted | rejected, e.g. from Stripe's account.updated); scheduled runs
-- claim their slot once; transfer reversals after a payout are kept beside the payout.

ALTER TABLE mkt_payout DROP CONSTRAINT mkt_payout_status_ck;
ALTER TABLE mkt_payout ADD CONSTRAINT mkt_payout_status_ck CHECK (status IN ('PENDING', 'PROCESSING', 'PAID', 'FAILED'));
-- what started the payout: an on-demand run, a scheduled run, or the vendor's own request
ALTER TABLE mkt_payout ADD COLUMN origin VARCHAR(16) DEFAULT 'RUN' NOT NULL;
ALTER TABLE mkt_payout ADD CONSTRAINT mkt_payout_origin_ck CHECK (origin IN ('RUN', 'SCHEDULE', 'REQUEST'));
-- how many times the provider was asked under the payout's one idempotency key
ALTER TABLE mkt_payout ADD COLUMN attempts INT DEFAULT 0 NOT NULL;
CREATE INDEX mkt_payout_vendor_ix ON mkt_payout (tenant_id, vendor_id, run_at);

-- Existing accounts keep their meaning: enabled ones are active, the others pending (V2_1 sets them).
ALTER TABLE mkt_payout_account ADD COLUMN status VARCHAR(16) DEFAULT 'ACTIVE' NOT NULL;
ALTER TABLE mkt_payout_account ADD COLUMN status_reason VARCHAR(200);
ALTER TABLE mkt_payout_account ADD CONSTRAINT mkt_payout_account_status_ck
    CHECK (status IN ('PENDING', 'ACTIVE', 'RESTRICTED', 'REJECTED'));
CREATE INDEX mkt_payout_account_external_ix ON mkt_payout_account (tenant_id, provider, external_account_id);

-- One row per scheduled payout slot a tenant's schedule reached: whoever inserts it runs it.
CREATE TABLE mkt_payout_schedule_run (
    tenant_id   UUID NOT NULL,
    slot_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT mkt_payout_schedule_run_pk PRIMARY KEY (tenant_id, slot_at)
);

-- Money taken back from a vendor's connected account after a payout (a refund after payout).
CREATE TABLE mkt_payout_reversal (
    tenant_id           UUID         NOT NULL,
    id                  UUID         NOT NULL,
    payout_id           UUID         NOT NULL,
    vendor_id           UUID         NOT NULL,
    amount              BIGINT       NOT NULL,
    provider_reference  VARCHAR(200),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT mkt_payout_reversal_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT mkt_payout_reversal_payout_fk FOREIGN KEY (tenant_id, payout_id) REFERENCES mkt_payout (tenant_id, id),
    CONSTRAINT mkt_payout_reversal_vendor_fk FOREIGN KEY (tenant_id, vendor_id) REFERENCES mkt_vendor (tenant_id, id),
    CONSTRAINT mkt_payout_reversal_amount_ck CHECK (amount > 0)
);
CREATE INDEX mkt_payout_reversal_vendor_ix ON mkt_payout_reversal (tenant_id, vendor_id);
CREATE INDEX mkt_vendor_order_placed_ix ON mkt_vendor_order (tenant_id, placed_at);

/* [jooq ignore start] */
ALTER TABLE mkt_payout_schedule_run ADD CONSTRAINT mkt_payout_schedule_run_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id);
/* [jooq ignore stop] */
