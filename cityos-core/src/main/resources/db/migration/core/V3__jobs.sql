-- Durable job queue, recurring schedules and outbox delivery.
--
-- The queue is platform data, not tenant-owned: workers claim due jobs across every tenant in
-- one statement, which the tenant guard and row-level security would (rightly) refuse on a
-- tenant table. A job's tenant_id is a plain column; the worker hands it to the handler as a
-- TenantContext and runs the handler's transaction scoped to that tenant, so the handler's own
-- statements are guarded as usual. Payloads should carry ids, not tenant data.
--
-- namespace lets several applications share these tables without touching each other's jobs.
-- status: queued (never tried), running (claimed by locked_by, heartbeating), failed (the last
-- attempt failed, retried at run_at), succeeded, dead (attempts exhausted; the row is kept).
CREATE TABLE job (
    id               UUID          NOT NULL PRIMARY KEY,
    namespace        VARCHAR(63)   NOT NULL,
    job_type         VARCHAR(100)  NOT NULL,
    payload          VARCHAR(65536) NOT NULL,
    tenant_id        UUID          REFERENCES tenant (id),
    status           VARCHAR(16)   NOT NULL,
    run_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts         INT           NOT NULL,
    max_attempts     INT           NOT NULL,
    last_error       VARCHAR(4000),
    idempotency_key  VARCHAR(255),
    ordering_key     VARCHAR(255),
    locked_by        VARCHAR(100),
    heartbeat_at     TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT job_idempotency_uq UNIQUE (namespace, idempotency_key)
);
-- due jobs in claim order; ordered jobs by key; stale running jobs; dead-letter listings
CREATE INDEX job_due_ix ON job (namespace, status, run_at, id);
CREATE INDEX job_ordering_ix ON job (namespace, ordering_key, id);
CREATE INDEX job_running_ix ON job (namespace, status, heartbeat_at);

-- Recurring schedules: one row per (namespace, name); any node fires a due schedule by moving
-- next_run_at with a conditional UPDATE, so a tick fires once however many nodes poll.
CREATE TABLE job_schedule (
    namespace        VARCHAR(63)   NOT NULL,
    name             VARCHAR(100)  NOT NULL,
    job_type         VARCHAR(100)  NOT NULL,
    payload          VARCHAR(65536) NOT NULL,
    tenant_id        UUID          REFERENCES tenant (id),
    cron             VARCHAR(200),
    interval_ms      BIGINT,
    time_zone        VARCHAR(64)   NOT NULL,
    misfire          VARCHAR(16)   NOT NULL,
    misfire_grace_ms BIGINT        NOT NULL,
    max_attempts     INT           NOT NULL,
    next_run_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_run_at      TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT job_schedule_pk PRIMARY KEY (namespace, name)
);
CREATE INDEX job_schedule_due_ix ON job_schedule (namespace, next_run_at);

-- Who wants which event types ('*' for all): read when an event is published, so an event is
-- fanned out to the subscribers of every node, in the publishing transaction.
CREATE TABLE event_subscription (
    namespace   VARCHAR(63)  NOT NULL,
    subscriber  VARCHAR(63)  NOT NULL,
    event_type  VARCHAR(100) NOT NULL,
    max_attempts INT         NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT event_subscription_pk PRIMARY KEY (namespace, subscriber, event_type)
);
CREATE INDEX event_subscription_type_ix ON event_subscription (namespace, event_type);

-- What each subscriber has processed, for effectively-once handling (tenant-owned).
CREATE TABLE processed_event (
    tenant_id     UUID         NOT NULL REFERENCES tenant (id),
    subscriber    VARCHAR(63)  NOT NULL,
    event_id      UUID         NOT NULL,
    processed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT processed_event_pk PRIMARY KEY (tenant_id, subscriber, event_id)
);
