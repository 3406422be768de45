package org.cityos.core.job;

import java.util.Locale;

/**
 * Where a job is in its life: {@code QUEUED} (never tried), {@code RUNNING} (claimed by a worker
 * that heartbeats), {@code FAILED} (the last attempt failed; retried at its run-at),
 * {@code SUCCEEDED}, {@code DEAD} (attempts exhausted; the row is kept with the last error).
 */
public enum JobStatus {
    QUEUED, RUNNING, FAILED, SUCCEEDED, DEAD;

    /** The stored form, e.g. {@code queued}. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of a stored value. */
    public static JobStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
