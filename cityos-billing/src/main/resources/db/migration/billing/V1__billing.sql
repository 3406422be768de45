-- CityOS billing schema: plans, customers, subscriptions, invoices and payment attempts.
-- Portable SQL for H2 and PostgreSQL. Every table is tenant-owned: tenant_id leads its primary
-- key, every unique key and every foreign key, so no join can cross tenants. The foreign keys to
-- core's tenant table live in the vendor folders (db/h2/billing, db/postgresql/billing) so that
-- code generation reads this file on its own. Money is BIGINT minor units.

CREATE TABLE billing_plan (
    tenant_id         UUID         NOT NULL,
    id                UUID         NOT NULL,
    code              VARCHAR(63)  NOT NULL,
    name              VARCHAR(200) NOT NULL,
    currency          CHAR(3)      NOT NULL,
    billing_interval  VARCHAR(8)   NOT NULL,
    interval_count    INTEGER      NOT NULL,
    trial_days        INTEGER      NOT NULL,
    pricing_model     VARCHAR(16)  NOT NULL,
    unit_amount       BIGINT,
    status            VARCHAR(16)  NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT billing_plan_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT billing_plan_code_uq UNIQUE (tenant_id, code),
    CONSTRAINT billing_plan_interval_ck CHECK (interval_count >= 1),
    CONSTRAINT billing_plan_trial_ck CHECK (trial_days >= 0),
    CONSTRAINT billing_plan_amount_ck CHECK (unit_amount IS NULL OR unit_amount >= 0)
);

-- Tiers of a volume or graduated plan, in order; up_to is NULL on the last (unbounded) tier.
CREATE TABLE billing_plan_tier (
    tenant_id    UUID    NOT NULL,
    plan_id      UUID    NOT NULL,
    tier_index   INTEGER NOT NULL,
    up_to        BIGINT,
    unit_amount  BIGINT  NOT NULL,
    flat_amount  BIGINT  NOT NULL,
    CONSTRAINT billing_plan_tier_pk PRIMARY KEY (tenant_id, plan_id, tier_index),
    CONSTRAINT billing_plan_tier_plan_fk FOREIGN KEY (tenant_id, plan_id) REFERENCES billing_plan (tenant_id, id),
    CONSTRAINT billing_plan_tier_amount_ck CHECK (unit_amount >= 0 AND flat_amount >= 0)
);

-- The tenant's customers as billing knows them: the host's customer id, the gateway's references
-- and the credit balance that net proration credits build up and the next invoices consume.
CREATE TABLE billing_customer (
    tenant_id             UUID         NOT NULL,
    customer_id           VARCHAR(200) NOT NULL,
    gateway_customer_ref  VARCHAR(200),
    payment_method_ref    VARCHAR(200),
    credit_balance        BIGINT       NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT billing_customer_pk PRIMARY KEY (tenant_id, customer_id),
    CONSTRAINT billing_customer_credit_ck CHECK (credit_balance >= 0)
);

-- next_billing_at is when the billing run must act next: the trial end, the next period start,
-- or the period end of a subscription canceled at period end; NULL when nothing is scheduled
-- (paused, unpaid, canceled).
CREATE TABLE billing_subscription (
    tenant_id             UUID         NOT NULL,
    id                    UUID         NOT NULL,
    customer_id           VARCHAR(200) NOT NULL,
    plan_id               UUID         NOT NULL,
    quantity              BIGINT       NOT NULL,
    status                VARCHAR(16)  NOT NULL,
    started_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    trial_end             TIMESTAMP WITH TIME ZONE,
    anchor_at             TIMESTAMP WITH TIME ZONE,
    period_index          BIGINT,
    period_start          TIMESTAMP WITH TIME ZONE,
    period_end            TIMESTAMP WITH TIME ZONE,
    next_billing_at       TIMESTAMP WITH TIME ZONE,
    cancel_at_period_end  BOOLEAN      NOT NULL,
    canceled_at           TIMESTAMP WITH TIME ZONE,
    paused_at             TIMESTAMP WITH TIME ZONE,
    row_version           BIGINT       NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT billing_subscription_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT billing_subscription_customer_fk FOREIGN KEY (tenant_id, customer_id)
        REFERENCES billing_customer (tenant_id, customer_id),
    CONSTRAINT billing_subscription_plan_fk FOREIGN KEY (tenant_id, plan_id) REFERENCES billing_plan (tenant_id, id),
    CONSTRAINT billing_subscription_quantity_ck CHECK (quantity >= 1)
);
CREATE INDEX billing_subscription_due_ix ON billing_subscription (tenant_id, next_billing_at, id);
CREATE INDEX billing_subscription_customer_ix ON billing_subscription (tenant_id, customer_id, id);

-- The per-tenant invoice number counter: updated in the transaction that issues the invoice, so
-- a rolled-back issue gives its number back and numbers stay gapless.
CREATE TABLE billing_invoice_counter (
    tenant_id    UUID   NOT NULL,
    last_number  BIGINT NOT NULL,
    CONSTRAINT billing_invoice_counter_pk PRIMARY KEY (tenant_id)
);

-- An invoice. period_start is set on period invoices only: the unique key on
-- (tenant_id, subscription_id, period_start) makes each period's invoice exist once, whoever
-- issues it; proration invoices leave it NULL (NULLs never collide in a unique key).
CREATE TABLE billing_invoice (
    tenant_id        UUID         NOT NULL,
    id               UUID         NOT NULL,
    seq              BIGINT       NOT NULL,
    invoice_number   VARCHAR(32)  NOT NULL,
    customer_id      VARCHAR(200) NOT NULL,
    subscription_id  UUID         NOT NULL,
    kind             VARCHAR(16)  NOT NULL,
    period_start     TIMESTAMP WITH TIME ZONE,
    service_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    service_end      TIMESTAMP WITH TIME ZONE NOT NULL,
    currency         CHAR(3)      NOT NULL,
    subtotal         BIGINT       NOT NULL,
    credit_applied   BIGINT       NOT NULL,
    amount_due       BIGINT       NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    issued_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    paid_at          TIMESTAMP WITH TIME ZONE,
    closed_at        TIMESTAMP WITH TIME ZONE,
    attempt_count    INTEGER      NOT NULL,
    first_failed_at  TIMESTAMP WITH TIME ZONE,
    next_attempt_at  TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT billing_invoice_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT billing_invoice_seq_uq UNIQUE (tenant_id, seq),
    CONSTRAINT billing_invoice_number_uq UNIQUE (tenant_id, invoice_number),
    CONSTRAINT billing_invoice_period_uq UNIQUE (tenant_id, subscription_id, period_start),
    CONSTRAINT billing_invoice_customer_fk FOREIGN KEY (tenant_id, customer_id)
        REFERENCES billing_customer (tenant_id, customer_id),
    CONSTRAINT billing_invoice_subscription_fk FOREIGN KEY (tenant_id, subscription_id)
        REFERENCES billing_subscription (tenant_id, id),
    CONSTRAINT billing_invoice_amount_ck CHECK (credit_applied >= 0 AND amount_due >= 0)
);
CREATE INDEX billing_invoice_dunning_ix ON billing_invoice (tenant_id, next_attempt_at, id);
CREATE INDEX billing_invoice_customer_ix ON billing_invoice (tenant_id, customer_id, id);

-- Invoice lines: the plan's charge for the period, proration credit and charge, credit applied.
-- Amounts are signed: credits are negative.
CREATE TABLE billing_invoice_line (
    tenant_id    UUID         NOT NULL,
    invoice_id   UUID         NOT NULL,
    line_no      INTEGER      NOT NULL,
    kind         VARCHAR(32)  NOT NULL,
    description  VARCHAR(300) NOT NULL,
    plan_id      UUID,
    quantity     BIGINT,
    amount       BIGINT       NOT NULL,
    CONSTRAINT billing_invoice_line_pk PRIMARY KEY (tenant_id, invoice_id, line_no),
    CONSTRAINT billing_invoice_line_invoice_fk FOREIGN KEY (tenant_id, invoice_id)
        REFERENCES billing_invoice (tenant_id, id)
);

-- One row per attempt to collect an invoice; the idempotency key (invoice, attempt number) is
-- what the gateway sees, so a retried request never charges twice. A pending attempt was
-- claimed until claimed_until by the run that will call the gateway; past it, another run may
-- repeat the call with the same key.
CREATE TABLE billing_payment_attempt (
    tenant_id        UUID         NOT NULL,
    invoice_id       UUID         NOT NULL,
    attempt_no       INTEGER      NOT NULL,
    idempotency_key  VARCHAR(100) NOT NULL,
    amount           BIGINT       NOT NULL,
    currency         CHAR(3)      NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    outcome          VARCHAR(32),
    failure_code     VARCHAR(100),
    failure_message  VARCHAR(500),
    gateway_ref      VARCHAR(200),
    claimed_until    TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT billing_payment_attempt_pk PRIMARY KEY (tenant_id, invoice_id, attempt_no),
    CONSTRAINT billing_payment_attempt_key_uq UNIQUE (tenant_id, idempotency_key),
    CONSTRAINT billing_payment_attempt_invoice_fk FOREIGN KEY (tenant_id, invoice_id)
        REFERENCES billing_invoice (tenant_id, id)
);
CREATE INDEX billing_payment_attempt_pending_ix ON billing_payment_attempt (tenant_id, status, claimed_until);
