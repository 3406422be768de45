package org.cityos.sync.webhook;

import org.cityos.core.job.JobContext;

/**
 * Processes one verified inbound webhook, as a job in the tenant's transaction
 * ({@link JobContext#tx()}); throwing retries it with backoff.
 */
@FunctionalInterface
public interface InboundHandler {
    void handle(InboundMessage message, JobContext job) throws Exception;
}
