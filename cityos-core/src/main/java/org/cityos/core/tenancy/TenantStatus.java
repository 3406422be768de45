package org.cityos.core.tenancy;

/** Lifecycle of a tenant: only active tenants resolve from requests. */
public enum TenantStatus { ACTIVE, SUSPENDED, ARCHIVED }
