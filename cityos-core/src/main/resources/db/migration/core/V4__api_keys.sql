-- API keys: a tenant's machine credentials. The secret is shown once, at creation; only the
-- SHA-256 of the whole key is kept (a 160-bit random secret needs no slow password hash: nobody
-- can guess it, so a fast hash hides nothing less), with the public prefix shown in listings.
-- Scopes are space-separated '<resource kind>:read|write' grants.
CREATE TABLE api_key (
    tenant_id     UUID          NOT NULL REFERENCES tenant (id),
    id            UUID          NOT NULL,
    name          VARCHAR(200)  NOT NULL,
    environment   VARCHAR(8)    NOT NULL,
    prefix        VARCHAR(100)  NOT NULL,
    secret_hash   CHAR(64)      NOT NULL,
    scopes        VARCHAR(2000) NOT NULL,
    store_id      UUID,
    vendor_id     VARCHAR(200),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    revoked_at    TIMESTAMP WITH TIME ZONE,
    last_used_at  TIMESTAMP WITH TIME ZONE,
    replaces      UUID,
    CONSTRAINT api_key_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT api_key_store_fk FOREIGN KEY (tenant_id, store_id) REFERENCES store (tenant_id, id)
);
