-- CityOS marketplace schema: vendors, product links, commission rules, orders split into vendor
-- orders, fulfillments, refunds and payouts. Portable SQL for H2 and PostgreSQL; row-level
-- security lives in db/postgresql/marketplace.
-- Every table is tenant-owned: tenant_id leads its primary key, every unique key and every
-- foreign key, so no join can cross tenants. Money is BIGINT minor units, rates basis points.
-- Host ids (product, order, line ids and vendor handles) are kept as the host's strings.

CREATE TABLE mkt_vendor (
    tenant_id   UUID         NOT NULL,
    id          UUID         NOT NULL,
    handle      VARCHAR(63)  NOT NULL,
    name        VARCHAR(200) NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT mkt_vendor_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT mkt_vendor_handle_uq UNIQUE (tenant_id, handle),
    CONSTRAINT mkt_vendor_status_ck CHECK (status IN ('PENDING', 'ACTIVE', 'REJECTED', 'SUSPENDED'))
);

-- People who act for a vendor (vendor portal users), by the subject of their principal.
CREATE TABLE mkt_vendor_member (
    tenant_id   UUID         NOT NULL,
    vendor_id   UUID         NOT NULL,
    subject     VARCHAR(200) NOT NULL,
    role        VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT mkt_vendor_member_pk PRIMARY KEY (tenant_id, vendor_id, subject),
    CONSTRAINT mkt_vendor_member_vendor_fk FOREIGN KEY (tenant_id, vendor_id) REFERENCES mkt_vendor (tenant_id, id),
    CONSTRAINT mkt_vendor_member_role_ck CHECK (role IN ('OWNER', 'ADMIN', 'STAFF'))
);
CREATE INDEX mkt_vendor_member_subject_ix ON mkt_vendor_member (tenant_id, subject);

-- At most one payout account per vendor (the primary key says so).
CREATE TABLE mkt_payout_account (
    tenant_id            UUID         NOT NULL,
    vendor_id            UUID         NOT NULL,
    provider             VARCHAR(50)  NOT NULL,
    external_account_id  VARCHAR(200) NOT NULL,
    payouts_enabled      BOOLEAN      NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT mkt_payout_account_pk PRIMARY KEY (tenant_id, vendor_id),
    CONSTRAINT mkt_payout_account_vendor_fk FOREIGN KEY (tenant_id, vendor_id) REFERENCES mkt_vendor (tenant_id, id)
);

-- Which vendor sells a host product (none: the platform's own), and its category.
CREATE TABLE mkt_product (
    tenant_id   UUID         NOT NULL,
    product_id  VARCHAR(200) NOT NULL,
    vendor_id   UUID,
    category    VARCHAR(100),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT mkt_product_pk PRIMARY KEY (tenant_id, product_id),
    CONSTRAINT mkt_product_vendor_fk FOREIGN KEY (tenant_id, vendor_id) REFERENCES mkt_vendor (tenant_id, id)
);
CREATE INDEX mkt_product_vendor_ix ON mkt_product (tenant_id, vendor_id);

-- The tenant's current commission rule set, replaced as a whole; seq_no keeps the given order.
CREATE TABLE mkt_commission_rule (
    tenant_id   UUID         NOT NULL,
    seq_no      INT          NOT NULL,
    is_default  BOOLEAN      NOT NULL,
    vendor_id   UUID,
    category    VARCHAR(100),
    product_id  VARCHAR(200),
    rate_bps    INT          NOT NULL,
    flat_fee    BIGINT       NOT NULL,
    min_fee     BIGINT,
    max_fee     BIGINT,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT mkt_commission_rule_pk PRIMARY KEY (tenant_id, seq_no),
    CONSTRAINT mkt_commission_rule_vendor_fk FOREIGN KEY (tenant_id, vendor_id) REFERENCES mkt_vendor (tenant_id, id),
    CONSTRAINT mkt_commission_rule_rate_ck CHECK (rate_bps BETWEEN 0 AND 10000),
    CONSTRAINT mkt_commission_rule_fee_ck CHECK (flat_fee >= 0 AND (min_fee IS NULL OR min_fee >= 0)
        AND (max_fee IS NULL OR max_fee >= 0))
);

-- A host order as placed; external_id is the host's order id, unique per tenant (duplicate_order).
CREATE TABLE mkt_order (
    tenant_id    UUID         NOT NULL,
    id           UUID         NOT NULL,
    external_id  VARCHAR(200) NOT NULL,
    currency     CHAR(3)      NOT NULL,
    subtotal     BIGINT       NOT NULL,
    discount     BIGINT       NOT NULL,
    shipping     BIGINT       NOT NULL,
    total        BIGINT       NOT NULL,
    placed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT mkt_order_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT mkt_order_external_uq UNIQUE (tenant_id, external_id)
);

-- One per vendor of an order (vendor_id NULL: the platform's own lines), in order of first line.
-- commission, refunded_basis and vendor_net are current (after refunds and cancellation);
-- released_at is fulfilled_at plus the tenant's hold_days at fulfillment.
CREATE TABLE mkt_vendor_order (
    tenant_id       UUID         NOT NULL,
    id              UUID         NOT NULL,
    order_id        UUID         NOT NULL,
    seq_no          INT          NOT NULL,
    vendor_id       UUID,
    status          VARCHAR(16)  NOT NULL,
    subtotal        BIGINT       NOT NULL,
    discount        BIGINT       NOT NULL,
    shipping        BIGINT       NOT NULL,
    commission      BIGINT       NOT NULL,
    refunded_basis  BIGINT       NOT NULL,
    vendor_net      BIGINT       NOT NULL,
    placed_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    fulfilled_at    TIMESTAMP WITH TIME ZONE,
    released_at     TIMESTAMP WITH TIME ZONE,
    canceled_at     TIMESTAMP WITH TIME ZONE,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT mkt_vendor_order_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT mkt_vendor_order_seq_uq UNIQUE (tenant_id, order_id, seq_no),
    CONSTRAINT mkt_vendor_order_order_fk FOREIGN KEY (tenant_id, order_id) REFERENCES mkt_order (tenant_id, id),
    CONSTRAINT mkt_vendor_order_vendor_fk FOREIGN KEY (tenant_id, vendor_id) REFERENCES mkt_vendor (tenant_id, id),
    CONSTRAINT mkt_vendor_order_status_ck CHECK (status IN ('PLACED', 'FULFILLED', 'CANCELED'))
);
CREATE INDEX mkt_vendor_order_vendor_ix ON mkt_vendor_order (tenant_id, vendor_id, status, released_at);

-- Order lines with their frozen commission terms (NULL for platform lines) and current figures.
CREATE TABLE mkt_order_line (
    tenant_id          UUID         NOT NULL,
    order_id           UUID         NOT NULL,
    line_no            INT          NOT NULL,
    external_id        VARCHAR(200) NOT NULL,
    vendor_order_id    UUID         NOT NULL,
    product_id         VARCHAR(200) NOT NULL,
    vendor_id          UUID,
    category           VARCHAR(100),
    quantity           BIGINT       NOT NULL,
    unit_price         BIGINT       NOT NULL,
    gross              BIGINT       NOT NULL,
    discount           BIGINT       NOT NULL,
    basis              BIGINT       NOT NULL,
    rule_tier          VARCHAR(20),
    rate_bps           INT,
    flat_fee           BIGINT,
    min_fee            BIGINT,
    max_fee            BIGINT,
    refunded_quantity  BIGINT       NOT NULL,
    refunded_basis     BIGINT       NOT NULL,
    commission         BIGINT       NOT NULL,
    CONSTRAINT mkt_order_line_pk PRIMARY KEY (tenant_id, order_id, line_no),
    CONSTRAINT mkt_order_line_external_uq UNIQUE (tenant_id, order_id, external_id),
    CONSTRAINT mkt_order_line_order_fk FOREIGN KEY (tenant_id, order_id) REFERENCES mkt_order (tenant_id, id),
    CONSTRAINT mkt_order_line_vendor_order_fk FOREIGN KEY (tenant_id, vendor_order_id)
        REFERENCES mkt_vendor_order (tenant_id, id),
    CONSTRAINT mkt_order_line_amounts_ck CHECK (quantity > 0 AND unit_price >= 0 AND discount >= 0 AND basis >= 0
        AND refunded_quantity BETWEEN 0 AND quantity AND refunded_basis BETWEEN 0 AND basis
        AND commission >= 0)
);

CREATE TABLE mkt_fulfillment (
    tenant_id        UUID         NOT NULL,
    id               UUID         NOT NULL,
    vendor_order_id  UUID         NOT NULL,
    carrier          VARCHAR(100),
    tracking_number  VARCHAR(200),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT mkt_fulfillment_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT mkt_fulfillment_vendor_order_fk FOREIGN KEY (tenant_id, vendor_order_id)
        REFERENCES mkt_vendor_order (tenant_id, id)
);

-- One row per refund request, with the changes it made to the line's figures.
CREATE TABLE mkt_refund (
    tenant_id          UUID    NOT NULL,
    id                 UUID    NOT NULL,
    order_id           UUID    NOT NULL,
    line_no            INT     NOT NULL,
    quantity           BIGINT  NOT NULL,
    basis_refunded     BIGINT  NOT NULL,
    commission_change  BIGINT  NOT NULL,
    net_change         BIGINT  NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT mkt_refund_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT mkt_refund_line_fk FOREIGN KEY (tenant_id, order_id, line_no)
        REFERENCES mkt_order_line (tenant_id, order_id, line_no)
);

-- Payouts: committed as PENDING before the provider is called with idempotency_key, so that a
-- re-run never pays twice; a vendor is paid at most once per run time.
CREATE TABLE mkt_payout (
    tenant_id           UUID         NOT NULL,
    id                  UUID         NOT NULL,
    vendor_id           UUID         NOT NULL,
    amount              BIGINT       NOT NULL,
    currency            CHAR(3)      NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    run_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    idempotency_key     VARCHAR(200) NOT NULL,
    provider            VARCHAR(50)  NOT NULL,
    external_account_id VARCHAR(200) NOT NULL,
    provider_reference  VARCHAR(200),
    failure_reason      VARCHAR(500),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT mkt_payout_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT mkt_payout_run_uq UNIQUE (tenant_id, vendor_id, run_at),
    CONSTRAINT mkt_payout_idempotency_uq UNIQUE (tenant_id, idempotency_key),
    CONSTRAINT mkt_payout_vendor_fk FOREIGN KEY (tenant_id, vendor_id) REFERENCES mkt_vendor (tenant_id, id),
    CONSTRAINT mkt_payout_status_ck CHECK (status IN ('PENDING', 'PAID', 'FAILED')),
    CONSTRAINT mkt_payout_amount_ck CHECK (amount > 0)
);
CREATE INDEX mkt_payout_status_ix ON mkt_payout (tenant_id, status);

-- Foreign keys to core's tenant table. The jOOQ code generator reads only this module's scripts,
-- so it skips them (it has no tenant table); Flyway runs them like any other statement.
/* [jooq ignore start] */
ALTER TABLE mkt_vendor ADD CONSTRAINT mkt_vendor_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id);
ALTER TABLE mkt_product ADD CONSTRAINT mkt_product_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id);
ALTER TABLE mkt_commission_rule ADD CONSTRAINT mkt_commission_rule_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id);
ALTER TABLE mkt_order ADD CONSTRAINT mkt_order_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id);
/* [jooq ignore stop] */
