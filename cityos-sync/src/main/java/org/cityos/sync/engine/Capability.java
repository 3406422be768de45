package org.cityos.sync.engine;

/** What a connector can do for an entity type: list changes, fetch one, write (create or update), delete, read webhooks. */
public enum Capability { LIST, FETCH, WRITE, DELETE, WEBHOOK }
