package org.cityos.core.tenancy;

/** What a scope is within its country. */
public enum ScopeKind { CITY, REGION }
