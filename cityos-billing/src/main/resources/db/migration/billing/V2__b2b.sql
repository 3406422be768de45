-- CityOS billing, B2B: companies and their employees, invitations, approval requests, quotes,
-- customer groups, volume price lists, and purchase-order invoices (billing_invoice, extended).
-- Portable SQL for H2 and PostgreSQL; tenant_id leads every key as in V1. Money is BIGINT minor units.

-- A company buying from the tenant. credit_limit caps what it may owe on terms (open purchase
-- order invoices plus a new order); payment_terms is net_15, net_30 or net_60.
CREATE TABLE b2b_company (
    tenant_id          UUID         NOT NULL,
    id                 UUID         NOT NULL,
    handle             VARCHAR(63)  NOT NULL,
    name               VARCHAR(200) NOT NULL,
    credit_limit       BIGINT       NOT NULL,
    payment_terms      VARCHAR(8)   NOT NULL,
    requires_approval  BOOLEAN      NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT b2b_company_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT b2b_company_handle_uq UNIQUE (tenant_id, handle),
    CONSTRAINT b2b_company_credit_ck CHECK (credit_limit >= 0)
);

CREATE TABLE b2b_company_address (
    tenant_id    UUID         NOT NULL,
    id           UUID         NOT NULL,
    company_id   UUID         NOT NULL,
    kind         VARCHAR(16)  NOT NULL,
    label        VARCHAR(100) NOT NULL,
    line1        VARCHAR(200) NOT NULL,
    line2        VARCHAR(200),
    city         VARCHAR(100) NOT NULL,
    region       VARCHAR(100),
    postal_code  VARCHAR(20),
    country      CHAR(2)      NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT b2b_company_address_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT b2b_company_address_company_fk FOREIGN KEY (tenant_id, company_id) REFERENCES b2b_company (tenant_id, id)
);
CREATE INDEX b2b_company_address_company_ix ON b2b_company_address (tenant_id, company_id, id);

-- An employee is one of the tenant's customers (the host's id) in one company; spending_limit
-- is per order, NULL for none.
CREATE TABLE b2b_employee (
    tenant_id       UUID         NOT NULL,
    customer_id     VARCHAR(200) NOT NULL,
    company_id      UUID         NOT NULL,
    role            VARCHAR(16)  NOT NULL,
    spending_limit  BIGINT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT b2b_employee_pk PRIMARY KEY (tenant_id, customer_id),
    CONSTRAINT b2b_employee_company_fk FOREIGN KEY (tenant_id, company_id) REFERENCES b2b_company (tenant_id, id),
    CONSTRAINT b2b_employee_limit_ck CHECK (spending_limit IS NULL OR spending_limit >= 0)
);
CREATE INDEX b2b_employee_company_ix ON b2b_employee (tenant_id, company_id, customer_id);

-- An invitation to join a company, sent by one of its admins; only the SHA-256 of its token is kept.
CREATE TABLE b2b_invitation (
    tenant_id       UUID         NOT NULL,
    id              UUID         NOT NULL,
    company_id      UUID         NOT NULL,
    email           VARCHAR(320) NOT NULL,
    role            VARCHAR(16)  NOT NULL,
    spending_limit  BIGINT,
    token_hash      VARCHAR(64)  NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    invited_by      VARCHAR(200) NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    accepted_by     VARCHAR(200),
    closed_at       TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT b2b_invitation_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT b2b_invitation_token_uq UNIQUE (tenant_id, token_hash),
    CONSTRAINT b2b_invitation_company_fk FOREIGN KEY (tenant_id, company_id) REFERENCES b2b_company (tenant_id, id),
    CONSTRAINT b2b_invitation_limit_ck CHECK (spending_limit IS NULL OR spending_limit >= 0)
);
CREATE INDEX b2b_invitation_company_ix ON b2b_invitation (tenant_id, company_id, id);

-- A quote: requested by an employee, priced by the merchant (valid_until), accepted, converted
-- to an order (order_id) or, when the conversion needs approval, waiting on approval_id.
CREATE TABLE b2b_quote (
    tenant_id    UUID         NOT NULL,
    id           UUID         NOT NULL,
    company_id   UUID         NOT NULL,
    customer_id  VARCHAR(200) NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    revision     INTEGER      NOT NULL,
    valid_until  TIMESTAMP WITH TIME ZONE,
    order_id     VARCHAR(200),
    approval_id  UUID,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT b2b_quote_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT b2b_quote_company_fk FOREIGN KEY (tenant_id, company_id) REFERENCES b2b_company (tenant_id, id),
    CONSTRAINT b2b_quote_revision_ck CHECK (revision >= 0)
);
CREATE INDEX b2b_quote_expiry_ix ON b2b_quote (tenant_id, status, valid_until, id);
CREATE INDEX b2b_quote_company_ix ON b2b_quote (tenant_id, company_id, id);

-- Quote lines: the customer's quantity and optional target price, the merchant's proposed price.
CREATE TABLE b2b_quote_line (
    tenant_id          UUID         NOT NULL,
    quote_id           UUID         NOT NULL,
    line_no            INTEGER      NOT NULL,
    line_id            VARCHAR(200) NOT NULL,
    product_id         VARCHAR(200) NOT NULL,
    quantity           BIGINT       NOT NULL,
    target_unit_price  BIGINT,
    unit_price         BIGINT,
    CONSTRAINT b2b_quote_line_pk PRIMARY KEY (tenant_id, quote_id, line_no),
    CONSTRAINT b2b_quote_line_id_uq UNIQUE (tenant_id, quote_id, line_id),
    CONSTRAINT b2b_quote_line_quote_fk FOREIGN KEY (tenant_id, quote_id) REFERENCES b2b_quote (tenant_id, id),
    CONSTRAINT b2b_quote_line_amount_ck CHECK (quantity >= 1 AND (target_unit_price IS NULL OR target_unit_price >= 0)
        AND (unit_price IS NULL OR unit_price >= 0))
);

-- Every move and message of a quote, in order; a move to quoted keeps the prices it proposed.
CREATE TABLE b2b_quote_history (
    tenant_id    UUID          NOT NULL,
    quote_id     UUID          NOT NULL,
    seq          INTEGER       NOT NULL,
    kind         VARCHAR(16)   NOT NULL,
    from_status  VARCHAR(16),
    to_status    VARCHAR(16),
    side         VARCHAR(16)   NOT NULL,
    author       VARCHAR(300)  NOT NULL,
    message      VARCHAR(4000),
    prices       VARCHAR(65536),
    valid_until  TIMESTAMP WITH TIME ZONE,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT b2b_quote_history_pk PRIMARY KEY (tenant_id, quote_id, seq),
    CONSTRAINT b2b_quote_history_quote_fk FOREIGN KEY (tenant_id, quote_id) REFERENCES b2b_quote (tenant_id, id)
);

-- An order waiting for a decision: the order as submitted (JSON), its total, and how it is paid.
-- order_id is the host's id the order will be placed under; placed_at is set once it is.
CREATE TABLE b2b_approval (
    tenant_id      UUID           NOT NULL,
    id             UUID           NOT NULL,
    company_id     UUID           NOT NULL,
    requester      VARCHAR(200)   NOT NULL,
    status         VARCHAR(16)    NOT NULL,
    reason         VARCHAR(32)    NOT NULL,
    order_id       VARCHAR(200)   NOT NULL,
    order_body     VARCHAR(65536) NOT NULL,
    total          BIGINT         NOT NULL,
    currency       CHAR(3)        NOT NULL,
    on_terms       BOOLEAN        NOT NULL,
    po_number      VARCHAR(100),
    quote_id       UUID,
    decided_by     VARCHAR(200),
    decided_at     TIMESTAMP WITH TIME ZONE,
    note           VARCHAR(1000),
    placed_at      TIMESTAMP WITH TIME ZONE,
    invoice_id     UUID,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT b2b_approval_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT b2b_approval_order_uq UNIQUE (tenant_id, order_id),
    CONSTRAINT b2b_approval_company_fk FOREIGN KEY (tenant_id, company_id) REFERENCES b2b_company (tenant_id, id),
    CONSTRAINT b2b_approval_quote_fk FOREIGN KEY (tenant_id, quote_id) REFERENCES b2b_quote (tenant_id, id),
    CONSTRAINT b2b_approval_total_ck CHECK (total >= 0)
);
CREATE INDEX b2b_approval_company_ix ON b2b_approval (tenant_id, company_id, status, id);

-- Customer groups: named sets of the tenant's customers that price lists can target.
CREATE TABLE b2b_customer_group (
    tenant_id   UUID         NOT NULL,
    id          UUID         NOT NULL,
    code        VARCHAR(63)  NOT NULL,
    name        VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT b2b_customer_group_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT b2b_customer_group_code_uq UNIQUE (tenant_id, code)
);

CREATE TABLE b2b_customer_group_member (
    tenant_id    UUID         NOT NULL,
    group_id     UUID         NOT NULL,
    customer_id  VARCHAR(200) NOT NULL,
    CONSTRAINT b2b_customer_group_member_pk PRIMARY KEY (tenant_id, group_id, customer_id),
    CONSTRAINT b2b_customer_group_member_group_fk FOREIGN KEY (tenant_id, group_id)
        REFERENCES b2b_customer_group (tenant_id, id)
);
CREATE INDEX b2b_customer_group_member_customer_ix ON b2b_customer_group_member (tenant_id, customer_id, group_id);

-- A price list targets one company or one customer group.
CREATE TABLE b2b_price_list (
    tenant_id   UUID         NOT NULL,
    id          UUID         NOT NULL,
    code        VARCHAR(63)  NOT NULL,
    name        VARCHAR(200) NOT NULL,
    company_id  UUID,
    group_id    UUID,
    status      VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT b2b_price_list_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT b2b_price_list_code_uq UNIQUE (tenant_id, code),
    CONSTRAINT b2b_price_list_company_fk FOREIGN KEY (tenant_id, company_id) REFERENCES b2b_company (tenant_id, id),
    CONSTRAINT b2b_price_list_group_fk FOREIGN KEY (tenant_id, group_id) REFERENCES b2b_customer_group (tenant_id, id),
    CONSTRAINT b2b_price_list_target_ck CHECK ((company_id IS NULL AND group_id IS NOT NULL)
        OR (company_id IS NOT NULL AND group_id IS NULL))
);
CREATE INDEX b2b_price_list_company_ix ON b2b_price_list (tenant_id, company_id);
CREATE INDEX b2b_price_list_group_ix ON b2b_price_list (tenant_id, group_id);

-- A product's price in a list: flat, volume or graduated, as plans price (rules.Pricing).
CREATE TABLE b2b_price (
    tenant_id      UUID         NOT NULL,
    price_list_id  UUID         NOT NULL,
    product_id     VARCHAR(200) NOT NULL,
    pricing_model  VARCHAR(16)  NOT NULL,
    CONSTRAINT b2b_price_pk PRIMARY KEY (tenant_id, price_list_id, product_id),
    CONSTRAINT b2b_price_list_fk FOREIGN KEY (tenant_id, price_list_id) REFERENCES b2b_price_list (tenant_id, id)
);
CREATE INDEX b2b_price_product_ix ON b2b_price (tenant_id, product_id, price_list_id);

-- Its tiers in order: units min_quantity..up_to (up_to NULL on the last); a flat price is one tier.
CREATE TABLE b2b_price_tier (
    tenant_id      UUID         NOT NULL,
    price_list_id  UUID         NOT NULL,
    product_id     VARCHAR(200) NOT NULL,
    tier_index     INTEGER      NOT NULL,
    min_quantity   BIGINT       NOT NULL,
    up_to          BIGINT,
    unit_amount    BIGINT       NOT NULL,
    flat_amount    BIGINT       NOT NULL,
    CONSTRAINT b2b_price_tier_pk PRIMARY KEY (tenant_id, price_list_id, product_id, tier_index),
    CONSTRAINT b2b_price_tier_price_fk FOREIGN KEY (tenant_id, price_list_id, product_id)
        REFERENCES b2b_price (tenant_id, price_list_id, product_id),
    CONSTRAINT b2b_price_tier_amount_ck CHECK (min_quantity >= 1 AND unit_amount >= 0 AND flat_amount >= 0)
);
CREATE INDEX b2b_price_tier_quantity_ix ON b2b_price_tier (tenant_id, price_list_id, product_id, min_quantity);

-- Purchase-order invoices live with the others, so they share the tenant's gapless numbers and
-- the invoice API: they bill a company for a marketplace order on terms instead of a period.
ALTER TABLE billing_invoice ALTER COLUMN subscription_id DROP NOT NULL;
ALTER TABLE billing_invoice ADD COLUMN company_id UUID;
ALTER TABLE billing_invoice ADD COLUMN order_id VARCHAR(200);
ALTER TABLE billing_invoice ADD COLUMN po_number VARCHAR(100);
ALTER TABLE billing_invoice ADD COLUMN payment_terms VARCHAR(8);
ALTER TABLE billing_invoice ADD COLUMN due_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE billing_invoice ADD COLUMN overdue_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE billing_invoice ADD CONSTRAINT billing_invoice_company_fk FOREIGN KEY (tenant_id, company_id)
    REFERENCES b2b_company (tenant_id, id);
ALTER TABLE billing_invoice ADD CONSTRAINT billing_invoice_order_uq UNIQUE (tenant_id, order_id);
CREATE INDEX billing_invoice_company_ix ON billing_invoice (tenant_id, company_id, status, due_at);
