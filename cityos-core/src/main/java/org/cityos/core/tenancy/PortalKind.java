package org.cityos.core.tenancy;

/** The kinds of portal a tenant runs. */
public enum PortalKind { STOREFRONT, VENDOR, ADMIN }
