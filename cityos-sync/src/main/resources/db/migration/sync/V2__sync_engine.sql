-- CityOS sync engine: integration endpoints per tenant, which entity types each one is a source
-- or target of, conflict policies, cursors, the hub of synced records, id mappings, conflicts,
-- failures and backfill runs. All tenant-owned: tenant_id leads every key. The foreign keys to
-- tenant(id) live in the vendor folders, as for V1.

-- An integration endpoint (the seed's IntegrationEndpoints): a connector (medusa, payload,
-- fleetbase, erpnext, cityos, or a host's own) at a base URL, with a reference the host's
-- CredentialsResolver turns into credentials: the secret itself is never stored here.
CREATE TABLE sync_integration (
    tenant_id             UUID          NOT NULL,
    id                    UUID          NOT NULL,
    name                  VARCHAR(63)   NOT NULL,
    connector             VARCHAR(63)   NOT NULL,
    base_url              VARCHAR(2000),
    credentials_ref       VARCHAR(500),
    settings              VARCHAR(8000) NOT NULL,
    enabled               BOOLEAN       NOT NULL,
    health                VARCHAR(16)   NOT NULL,
    health_detail         VARCHAR(1000),
    consecutive_failures  INT           NOT NULL,
    last_success_at       TIMESTAMP WITH TIME ZONE,
    last_failure_at       TIMESTAMP WITH TIME ZONE,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sync_integration_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT sync_integration_name_uq UNIQUE (tenant_id, name)
);

-- An integration takes part in the sync of an entity type as a source (changes are read from
-- it), a target (changes are written to it) or both; pull_every_seconds schedules pulls.
CREATE TABLE sync_binding (
    tenant_id           UUID         NOT NULL,
    integration_id      UUID         NOT NULL,
    entity_type         VARCHAR(63)  NOT NULL,
    sync_role           VARCHAR(8)   NOT NULL,
    pull_every_seconds  INT,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sync_binding_pk PRIMARY KEY (tenant_id, integration_id, entity_type),
    CONSTRAINT sync_binding_integration_fk FOREIGN KEY (tenant_id, integration_id)
        REFERENCES sync_integration (tenant_id, id),
    CONSTRAINT sync_binding_role_ck CHECK (sync_role IN ('SOURCE', 'TARGET', 'BOTH'))
);
CREATE INDEX sync_binding_type_ix ON sync_binding (tenant_id, entity_type);

-- The conflict policy of an entity type (JSON: owners per field, a default owner); none means
-- last writer wins by the sides' update times.
CREATE TABLE sync_policy (
    tenant_id    UUID          NOT NULL,
    entity_type  VARCHAR(63)   NOT NULL,
    policy       VARCHAR(4000) NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sync_policy_pk PRIMARY KEY (tenant_id, entity_type)
);

-- Where the incremental pull of (integration, entity type) stands: the connector's opaque cursor.
CREATE TABLE sync_cursor (
    tenant_id       UUID          NOT NULL,
    integration_id  UUID          NOT NULL,
    entity_type     VARCHAR(63)   NOT NULL,
    cursor_value    VARCHAR(2000),
    pulled_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sync_cursor_pk PRIMARY KEY (tenant_id, integration_id, entity_type),
    CONSTRAINT sync_cursor_integration_fk FOREIGN KEY (tenant_id, integration_id)
        REFERENCES sync_integration (tenant_id, id)
);

-- The hub: one row per synced entity, its canonical fields (JSON) merged from every side, who
-- set each field when (field_meta, JSON), and a version that grows with every change.
-- local_id is the library's own id for its own data, otherwise a generated one; natural_key
-- (e.g. a product handle) links records that two sides created independently.
CREATE TABLE sync_record (
    tenant_id    UUID            NOT NULL,
    entity_type  VARCHAR(63)     NOT NULL,
    local_id     VARCHAR(200)    NOT NULL,
    natural_key  VARCHAR(500),
    version      BIGINT          NOT NULL,
    deleted      BOOLEAN         NOT NULL,
    fields       VARCHAR(1000000) NOT NULL,
    field_meta   VARCHAR(1000000) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sync_record_pk PRIMARY KEY (tenant_id, entity_type, local_id),
    CONSTRAINT sync_record_natural_uq UNIQUE (tenant_id, entity_type, natural_key)
);

-- Local id <-> remote id per integration, and what the sync last saw there (seen_hash), last
-- wrote there (written_hash) and which hub version the side holds (synced_version): the first
-- makes an echo of our own write recognisable, the others make re-running a write a no-op.
CREATE TABLE sync_mapping (
    tenant_id          UUID          NOT NULL,
    integration_id     UUID          NOT NULL,
    entity_type        VARCHAR(63)   NOT NULL,
    local_id           VARCHAR(200)  NOT NULL,
    remote_id          VARCHAR(200)  NOT NULL,
    seen_hash          CHAR(64),
    written_hash       CHAR(64),
    synced_version     BIGINT        NOT NULL,
    remote_updated_at  TIMESTAMP WITH TIME ZONE,
    deleted            BOOLEAN       NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sync_mapping_pk PRIMARY KEY (tenant_id, integration_id, entity_type, local_id),
    CONSTRAINT sync_mapping_remote_uq UNIQUE (tenant_id, integration_id, entity_type, remote_id),
    CONSTRAINT sync_mapping_integration_fk FOREIGN KEY (tenant_id, integration_id)
        REFERENCES sync_integration (tenant_id, id),
    CONSTRAINT sync_mapping_record_fk FOREIGN KEY (tenant_id, entity_type, local_id)
        REFERENCES sync_record (tenant_id, entity_type, local_id)
);

-- Conflicts the policy decided, kept for review: both values, where each came from, the rule.
CREATE TABLE sync_conflict (
    tenant_id       UUID          NOT NULL,
    id              UUID          NOT NULL,
    entity_type     VARCHAR(63)   NOT NULL,
    local_id        VARCHAR(200)  NOT NULL,
    field           VARCHAR(100)  NOT NULL,
    decided_by      VARCHAR(32)   NOT NULL,
    kept_value      VARCHAR(4000),
    kept_from       VARCHAR(63)   NOT NULL,
    rejected_value  VARCHAR(4000),
    rejected_from   VARCHAR(63)   NOT NULL,
    detected_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    resolved_at     TIMESTAMP WITH TIME ZONE,
    resolution      VARCHAR(500),
    CONSTRAINT sync_conflict_pk PRIMARY KEY (tenant_id, id)
);
CREATE INDEX sync_conflict_record_ix ON sync_conflict (tenant_id, entity_type, local_id);

-- Records that could not be synced: malformed remote records (skipped, the sync goes on) and
-- writes a side refused for good; open until resolved or retried.
CREATE TABLE sync_failure (
    tenant_id       UUID          NOT NULL,
    id              UUID          NOT NULL,
    integration_id  UUID          NOT NULL,
    entity_type     VARCHAR(63)   NOT NULL,
    remote_id       VARCHAR(200),
    local_id        VARCHAR(200),
    kind            VARCHAR(16)   NOT NULL,
    message         VARCHAR(1000) NOT NULL,
    excerpt         VARCHAR(2000),
    status          VARCHAR(16)   NOT NULL,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    resolved_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT sync_failure_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT sync_failure_integration_fk FOREIGN KEY (tenant_id, integration_id)
        REFERENCES sync_integration (tenant_id, id)
);
CREATE INDEX sync_failure_status_ix ON sync_failure (tenant_id, status, id);

-- A full backfill of (integration, entity type) from the beginning, with its own cursor and progress.
CREATE TABLE sync_backfill (
    tenant_id       UUID          NOT NULL,
    id              UUID          NOT NULL,
    integration_id  UUID          NOT NULL,
    entity_type     VARCHAR(63)   NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    cursor_value    VARCHAR(2000),
    pages           BIGINT        NOT NULL,
    processed       BIGINT        NOT NULL,
    changed         BIGINT        NOT NULL,
    failed          BIGINT        NOT NULL,
    total           BIGINT,
    error           VARCHAR(1000),
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at     TIMESTAMP WITH TIME ZONE,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sync_backfill_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT sync_backfill_integration_fk FOREIGN KEY (tenant_id, integration_id)
        REFERENCES sync_integration (tenant_id, id)
);
