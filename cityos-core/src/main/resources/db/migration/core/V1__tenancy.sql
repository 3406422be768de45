-- CityOS core schema: the geographic and business hierarchy, tenants, stores, portals and audit.
-- Portable SQL for H2 and PostgreSQL; PostgreSQL-only parts live in db/postgresql/core.
-- Tenant-owned tables carry tenant_id first in their primary key, every unique key and every
-- foreign key, so no join can cross tenants and the schema can be distributed by tenant.

CREATE TABLE country (
    code        CHAR(2)      NOT NULL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE scope (
    id            UUID         NOT NULL PRIMARY KEY,
    country_code  CHAR(2)      NOT NULL REFERENCES country (code),
    handle        VARCHAR(63)  NOT NULL,
    name          VARCHAR(200) NOT NULL,
    kind          VARCHAR(16)  NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT scope_handle_uq UNIQUE (country_code, handle)
);

CREATE TABLE category (
    id          UUID         NOT NULL PRIMARY KEY,
    handle      VARCHAR(63)  NOT NULL,
    name        VARCHAR(200) NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT category_handle_uq UNIQUE (handle)
);

CREATE TABLE subcategory (
    id           UUID         NOT NULL PRIMARY KEY,
    category_id  UUID         NOT NULL REFERENCES category (id),
    handle       VARCHAR(63)  NOT NULL,
    name         VARCHAR(200) NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT subcategory_handle_uq UNIQUE (category_id, handle)
);

-- A tenant is the unit of isolation; the row itself is platform data (the platform creates
-- tenants), everything a tenant owns lives in the tenant-owned tables below.
CREATE TABLE tenant (
    id                UUID         NOT NULL PRIMARY KEY,
    handle            VARCHAR(63)  NOT NULL,
    name              VARCHAR(200) NOT NULL,
    scope_id          UUID         NOT NULL REFERENCES scope (id),
    category_id       UUID         NOT NULL REFERENCES category (id),
    subcategory_id    UUID         REFERENCES subcategory (id),
    status            VARCHAR(16)  NOT NULL,
    default_currency  CHAR(3)      NOT NULL,
    locale            VARCHAR(35)  NOT NULL,
    time_zone         VARCHAR(64)  NOT NULL,
    settings          VARCHAR(65536) NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT tenant_handle_uq UNIQUE (handle)
);

CREATE TABLE store (
    tenant_id         UUID         NOT NULL REFERENCES tenant (id),
    id                UUID         NOT NULL,
    handle            VARCHAR(63)  NOT NULL,
    name              VARCHAR(200) NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    sales_channel_id  VARCHAR(200),
    region_id         VARCHAR(200),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT store_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT store_handle_uq UNIQUE (tenant_id, handle)
);

CREATE TABLE portal (
    tenant_id   UUID         NOT NULL REFERENCES tenant (id),
    id          UUID         NOT NULL,
    store_id    UUID,
    kind        VARCHAR(16)  NOT NULL,
    handle      VARCHAR(63)  NOT NULL,
    name        VARCHAR(200) NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT portal_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT portal_handle_uq UNIQUE (tenant_id, handle),
    CONSTRAINT portal_store_fk FOREIGN KEY (tenant_id, store_id) REFERENCES store (tenant_id, id)
);

-- Custom domains of stores and portals. A domain names one tenant across the whole platform,
-- so it is unique globally; it is read before any tenant is known (tenant resolution), and so
-- it is routing data, not a tenant-owned table. Rows are written only by the store and portal
-- services of the tenant that owns the target.
CREATE TABLE domain_route (
    domain      VARCHAR(253) NOT NULL PRIMARY KEY,
    tenant_id   UUID         NOT NULL REFERENCES tenant (id),
    store_id    UUID,
    portal_id   UUID,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT domain_route_store_fk FOREIGN KEY (tenant_id, store_id) REFERENCES store (tenant_id, id),
    CONSTRAINT domain_route_portal_fk FOREIGN KEY (tenant_id, portal_id) REFERENCES portal (tenant_id, id)
);
CREATE INDEX domain_route_tenant_ix ON domain_route (tenant_id);

-- Append-only audit of every mutation and every refused attempt within a tenant.
CREATE TABLE audit_log (
    tenant_id    UUID         NOT NULL REFERENCES tenant (id),
    id           UUID         NOT NULL,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    actor        VARCHAR(200) NOT NULL,
    action       VARCHAR(100) NOT NULL,
    outcome      VARCHAR(16)  NOT NULL,
    entity_type  VARCHAR(100) NOT NULL,
    entity_id    VARCHAR(200),
    before_state VARCHAR(65536),
    after_state  VARCHAR(65536),
    detail       VARCHAR(2000),
    request_id   VARCHAR(200),
    CONSTRAINT audit_log_pk PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_entity_ix ON audit_log (tenant_id, entity_type, entity_id, occurred_at);
CREATE INDEX audit_log_actor_ix ON audit_log (tenant_id, actor, occurred_at);

-- The same for platform-level changes (countries, scopes, categories), which belong to no tenant.
CREATE TABLE platform_audit_log (
    id           UUID         NOT NULL PRIMARY KEY,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    actor        VARCHAR(200) NOT NULL,
    action       VARCHAR(100) NOT NULL,
    outcome      VARCHAR(16)  NOT NULL,
    entity_type  VARCHAR(100) NOT NULL,
    entity_id    VARCHAR(200),
    before_state VARCHAR(65536),
    after_state  VARCHAR(65536),
    detail       VARCHAR(2000),
    request_id   VARCHAR(200)
);
CREATE INDEX platform_audit_log_entity_ix ON platform_audit_log (entity_type, entity_id, occurred_at);
