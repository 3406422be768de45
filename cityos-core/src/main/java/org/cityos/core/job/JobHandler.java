package org.cityos.core.job;

/**
 * Runs the jobs of one type. {@link #handle} runs inside a transaction ({@link JobContext#tx()},
 * scoped to the job's tenant when it has one) that also marks the job succeeded, so work done
 * through that transaction and the job's completion commit together or not at all. Throwing
 * fails the attempt: the job is retried with backoff, or goes {@code dead} after its last attempt.
 */
@FunctionalInterface
public interface JobHandler {
    void handle(JobContext ctx) throws Exception;
}
