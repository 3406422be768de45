package org.cityos.sync.engine;

/**
 * What the last calls to an integration showed: {@code UNKNOWN} before any, {@code HEALTHY} after
 * a success, {@code DEGRADED} after retryable failures (timeouts, 5xx, 429), {@code FAILING}
 * after a refusal that retrying will not fix (401, 403, other 4xx, a missing credential).
 */
public enum Health { UNKNOWN, HEALTHY, DEGRADED, FAILING }
