package org.cityos.billing.run;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.cityos.billing.Billing;
import org.cityos.billing.b2b.B2b;
import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.job.JobContext;
import org.cityos.core.job.Jobs;
import org.cityos.core.job.NewJob;
import org.cityos.core.job.Schedule;
import org.cityos.core.tenancy.Tenant;
import org.cityos.core.tenancy.TenantStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Billing on the durable job queue: recurring schedules whose tick pages through every active
 * tenant and enqueues, per tenant, the billing run, the dunning run and (with B2B) the quote
 * expiry and overdue sweeps, each as a job of its own (one tenant's failure is retried alone; one
 * tenant's jobs of a kind run one at a time). Every run is idempotent, so a retried or late job
 * bills nothing twice.
 *
 * <pre>{@code
 * BillingJobs.builder(cityOs, billing).b2b(b2b).install();   // on every node that runs JobWorkers
 * }</pre>
 */
public final class BillingJobs {
    /** The fan-out job a schedule enqueues: payload {@code {"task": <per-tenant job type>}}. */
    public static final String EACH_TENANT = "billing.each_tenant";
    /** Per tenant: {@code billing.run().runDue(ctx)}. */
    public static final String RUN = "billing.run";
    /** Per tenant: {@code billing.dunning().runDue(ctx)}. */
    public static final String DUNNING = "billing.dunning";
    /** Per tenant: {@code b2b.quotes().expireDue(ctx)}. */
    public static final String EXPIRE_QUOTES = "billing.b2b.expire_quotes";
    /** Per tenant: {@code b2b.purchases().markOverdue(ctx)}. */
    public static final String MARK_OVERDUE = "billing.b2b.mark_overdue";

    private static final Logger LOG = LoggerFactory.getLogger(BillingJobs.class);
    private static final int TENANT_PAGE = 200;

    private BillingJobs() {
    }

    public static Builder builder(CityOs cityOs, Billing billing) {
        return new Builder(cityOs, billing);
    }

    /** What a fan-out job's payload names. */
    record Task(String task) {
    }

    /** Configures and installs the billing jobs; invalid settings fail in {@link #install()}, naming the setting. */
    public static final class Builder {
        private final CityOs cityOs;
        private final Billing billing;
        private B2b b2b;
        private Duration runEvery = Duration.ofMinutes(5);
        private Duration dunningEvery = Duration.ofMinutes(30);
        private Duration b2bEvery = Duration.ofMinutes(15);

        private Builder(CityOs cityOs, Billing billing) {
            this.cityOs = Objects.requireNonNull(cityOs, "cityOs");
            this.billing = Objects.requireNonNull(billing, "billing");
        }

        /** Also schedule B2B's quote expiry and overdue sweeps. */
        public Builder b2b(B2b b) {
            this.b2b = b;
            return this;
        }

        /** How often the billing run visits every tenant (default 5 minutes). */
        public Builder runEvery(Duration d) {
            this.runEvery = d;
            return this;
        }

        /** How often the dunning run visits every tenant (default 30 minutes). */
        public Builder dunningEvery(Duration d) {
            this.dunningEvery = d;
            return this;
        }

        /** How often the B2B sweeps visit every tenant (default 15 minutes). */
        public Builder b2bEvery(Duration d) {
            this.b2bEvery = d;
            return this;
        }

        /**
         * Registers the handlers on this node and the schedules (shared by all nodes; registering
         * the same definitions again changes nothing). Call it once per node; a second call on the
         * same node is {@code conflict}.
         */
        public void install() {
            check("runEvery", runEvery);
            check("dunningEvery", dunningEvery);
            if (b2b != null) {
                check("b2bEvery", b2bEvery);
            }
            Jobs jobs = cityOs.jobs();
            jobs.register(EACH_TENANT, this::fanOut);
            jobs.register(RUN, job -> billing.run().runDue(job.requireTenant()));
            jobs.register(DUNNING, job -> billing.dunning().runDue(job.requireTenant()));
            jobs.schedule(Schedule.every("billing.run", runEvery, EACH_TENANT).withPayload(new Task(RUN)));
            jobs.schedule(Schedule.every("billing.dunning", dunningEvery, EACH_TENANT).withPayload(new Task(DUNNING)));
            if (b2b != null) {
                jobs.register(EXPIRE_QUOTES, job -> b2b.quotes().expireDue(job.requireTenant()));
                jobs.register(MARK_OVERDUE, job -> b2b.purchases().markOverdue(job.requireTenant()));
                jobs.schedule(Schedule.every("billing.b2b.expire_quotes", b2bEvery, EACH_TENANT)
                        .withPayload(new Task(EXPIRE_QUOTES)));
                jobs.schedule(Schedule.every("billing.b2b.mark_overdue", b2bEvery, EACH_TENANT)
                        .withPayload(new Task(MARK_OVERDUE)));
            }
        }

        private static void check(String name, Duration d) {
            if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new CityOsException(ErrorCode.CONFIGURATION, name + " " + d + " must be at least one second");
            }
        }

        /**
         * Pages through the tenants by id and enqueues the task for each active one, in this job's
         * transaction: a retried fan-out enqueues nothing twice (the key names this job).
         */
        private void fanOut(JobContext job) {
            String task = job.payload(Task.class).task();
            if (!task.equals(RUN) && !task.equals(DUNNING) && !task.equals(EXPIRE_QUOTES) && !task.equals(MARK_OVERDUE)) {
                throw CityOsException.invalid("billing task", task, "is not a billing job type");
            }
            PageRequest page = PageRequest.first(TENANT_PAGE);
            int enqueued = 0;
            while (true) {
                Page<Tenant> tenants = cityOs.tenancy().tenants().list(page);
                for (Tenant t : tenants.items()) {
                    if (t.status() != TenantStatus.ACTIVE) {
                        continue;
                    }
                    cityOs.jobs().enqueue(job.tx(), NewJob.of(task, Map.of()).withTenant(t.id())
                            .withIdempotencyKey(task + ":" + t.id() + ":" + job.id())
                            .withOrderingKey(task + ":" + t.id()));
                    enqueued++;
                }
                if (tenants.next().isEmpty()) {
                    break;
                }
                page = page.after(tenants.next().get());
            }
            LOG.debug("{} enqueued {} for {} tenant(s)", EACH_TENANT, task, enqueued);
        }
    }
}
