package org.cityos.core.job;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Json;
import org.cityos.core.TenantContext;
import org.jooq.DSLContext;

/**
 * What a {@link JobHandler} gets: the job, the attempt number (1 for the first), the job's
 * tenant as a system {@link TenantContext} if it has one, and the transaction the job completes in.
 */
public final class JobContext {
    private final Job job;
    private final int attempt;
    private final Optional<TenantContext> tenant;
    private final Supplier<DSLContext> tx;
    private final Clock clock;

    public JobContext(Job job, int attempt, Optional<TenantContext> tenant, DSLContext tx, Clock clock) {
        this(job, attempt, tenant, () -> tx, clock);
    }

    /**
     * A context whose transaction is asked of {@code tx} when the handler first calls {@link #tx()}
     * (the workers open a savepoint for the job there, so a handler that never touches the
     * database costs no statement).
     */
    public JobContext(Job job, int attempt, Optional<TenantContext> tenant, Supplier<DSLContext> tx, Clock clock) {
        this.job = job;
        this.attempt = attempt;
        this.tenant = tenant;
        this.tx = tx;
        this.clock = clock;
    }

    public Job job() {
        return job;
    }

    public JobId id() {
        return job.id();
    }

    /** This attempt's number, from 1; the last one is {@code job().maxAttempts()}. */
    public int attempt() {
        return attempt;
    }

    /** Whether a failure of this attempt makes the job dead. */
    public boolean lastAttempt() {
        return attempt >= job.maxAttempts();
    }

    /** The job's tenant as a system context ({@code system:jobs}), if the job has a tenant. */
    public Optional<TenantContext> tenant() {
        return tenant;
    }

    /** The job's tenant, or {@code invalid_argument} when the job has none. */
    public TenantContext requireTenant() {
        return tenant.orElseThrow(() -> CityOsException.invalid("job", job.id(), "has no tenant"));
    }

    /**
     * The transaction this attempt runs and completes in: scoped to the job's tenant (guarded) when
     * it has one, platform-level otherwise. {@code cityOs.join(tx())} gives services that join it.
     * Workers may run several jobs of one tenant in one transaction, each behind a savepoint of its
     * own: a failing job's work is rolled back alone, and a job's work commits with its completion.
     */
    public DSLContext tx() {
        return tx.get();
    }

    /** The injected clock. */
    public Clock clock() {
        return clock;
    }

    /** The payload read as {@code type} with the library's JSON mapper. */
    public <T> T payload(Class<T> type) {
        try {
            return Json.MAPPER.readValue(job.payload(), type);
        } catch (JsonProcessingException e) {
            throw new CityOsException(ErrorCode.INVALID_ARGUMENT,
                    "payload of job " + job.id() + " cannot be read as " + type.getSimpleName() + ": "
                            + e.getOriginalMessage(), e);
        }
    }
}
