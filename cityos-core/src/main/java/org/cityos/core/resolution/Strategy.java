package org.cityos.core.resolution;

/**
 * A way a request can name its tenant. A {@link TenantResolver} checks the strategies it is
 * configured with, in its order, and requires every one that finds a signal to agree.
 */
public enum Strategy {
    /** The host is a custom domain claimed by a store or portal, e.g. {@code shop.example.com}. */
    CUSTOM_DOMAIN("custom domain"),
    /** The host is {@code <tenant handle>.<base domain>}, e.g. {@code riyadh-market.cityos.example}. */
    SUBDOMAIN("subdomain"),
    /** An API key header, looked up through {@link ApiKeyLookup}. */
    API_KEY("API key"),
    /** The tenant claim of an {@code Authorization: Bearer} token, verified through {@link TokenTenantLookup}. */
    JWT_CLAIM("bearer token"),
    /** An explicit header ({@code X-Tenant-Id} by default) carrying a tenant id or handle. */
    HEADER("tenant header");

    private final String label;

    Strategy(String label) {
        this.label = label;
    }

    /** A short human name for messages, e.g. {@code custom domain}. */
    public String label() {
        return label;
    }
}
