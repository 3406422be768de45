-- Transactional outbox: an event is written in the same transaction as the change it reports,
-- so nothing is announced for a change that rolled back. Ids are time-ordered (UUIDv7), which
-- orders the events of one aggregate as they were published. Delivery (subscribers, webhooks)
-- reads from here.
CREATE TABLE outbox_event (
    tenant_id       UUID         NOT NULL REFERENCES tenant (id),
    id              UUID         NOT NULL,
    event_type      VARCHAR(100) NOT NULL,
    aggregate_type  VARCHAR(100) NOT NULL,
    aggregate_id    VARCHAR(200) NOT NULL,
    payload         VARCHAR(65536) NOT NULL,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    actor           VARCHAR(200) NOT NULL,
    request_id      VARCHAR(200),
    CONSTRAINT outbox_event_pk PRIMARY KEY (tenant_id, id)
);
CREATE INDEX outbox_event_aggregate_ix ON outbox_event (tenant_id, aggregate_type, aggregate_id, id);
CREATE INDEX outbox_event_type_ix ON outbox_event (tenant_id, event_type, id);
