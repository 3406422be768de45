package org.cityos.core.tenancy;

/** Lifecycle of hierarchy entities, stores and portals: archived ones are kept but no longer used. */
public enum Status { ACTIVE, ARCHIVED }
