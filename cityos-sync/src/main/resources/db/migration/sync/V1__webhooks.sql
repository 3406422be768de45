-- CityOS sync: outbound webhook endpoints, deliveries and their attempt log; inbound webhook log.
-- All tenant-owned: tenant_id leads every key. The foreign keys to tenant(id) live in the
-- vendor folders (db/h2/sync, db/postgresql/sync) because this module's code generator reads
-- only these files, which do not hold the core's tenant table.

CREATE TABLE webhook_endpoint (
    tenant_id                   UUID          NOT NULL,
    id                          UUID          NOT NULL,
    url                         VARCHAR(2000) NOT NULL,
    description                 VARCHAR(200),
    event_types                 VARCHAR(2000) NOT NULL,
    vendor_id                   VARCHAR(200),
    secret                      VARCHAR(200)  NOT NULL,
    previous_secret             VARCHAR(200),
    previous_secret_expires_at  TIMESTAMP WITH TIME ZONE,
    enabled                     BOOLEAN       NOT NULL,
    disabled_reason             VARCHAR(500),
    consecutive_failures        INT           NOT NULL,
    created_at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT webhook_endpoint_pk PRIMARY KEY (tenant_id, id)
);

-- One message to one endpoint; message_id is the webhook-id the receiver dedupes on (a replay
-- keeps it). payload is the exact body sent.
CREATE TABLE webhook_delivery (
    tenant_id      UUID          NOT NULL,
    id             UUID          NOT NULL,
    endpoint_id    UUID          NOT NULL,
    message_id     VARCHAR(100)  NOT NULL,
    event_id       UUID,
    event_type     VARCHAR(100)  NOT NULL,
    payload        VARCHAR(65536) NOT NULL,
    status         VARCHAR(16)   NOT NULL,
    attempts       INT           NOT NULL,
    last_status    INT,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT webhook_delivery_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT webhook_delivery_endpoint_fk FOREIGN KEY (tenant_id, endpoint_id)
        REFERENCES webhook_endpoint (tenant_id, id)
);
CREATE INDEX webhook_delivery_endpoint_ix ON webhook_delivery (tenant_id, endpoint_id, id);

-- Every attempt (the seed's WebhookLogs): status, latency, a response excerpt or the error.
CREATE TABLE webhook_attempt (
    tenant_id         UUID          NOT NULL,
    id                UUID          NOT NULL,
    delivery_id       UUID          NOT NULL,
    attempted_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    status_code       INT,
    latency_ms        BIGINT        NOT NULL,
    response_excerpt  VARCHAR(1024),
    error             VARCHAR(1000),
    CONSTRAINT webhook_attempt_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT webhook_attempt_delivery_fk FOREIGN KEY (tenant_id, delivery_id)
        REFERENCES webhook_delivery (tenant_id, id)
);
CREATE INDEX webhook_attempt_delivery_ix ON webhook_attempt (tenant_id, delivery_id, id);

-- Inbound webhooks as received (raw body bytes), deduplicated by the sender's id per source.
CREATE TABLE inbound_webhook (
    tenant_id     UUID          NOT NULL,
    id            UUID          NOT NULL,
    source        VARCHAR(63)   NOT NULL,
    sender_id     VARCHAR(255)  NOT NULL,
    event_type    VARCHAR(200)  NOT NULL,
    headers       VARCHAR(8000) NOT NULL,
    body          BYTEA         NOT NULL,
    status        VARCHAR(16)   NOT NULL,
    error         VARCHAR(1000),
    received_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    processed_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT inbound_webhook_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT inbound_webhook_sender_uq UNIQUE (tenant_id, source, sender_id)
);
