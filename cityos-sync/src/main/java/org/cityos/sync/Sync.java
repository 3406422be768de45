package org.cityos.sync;

import java.util.List;
import java.util.Objects;

import org.cityos.core.CityOs;
import org.cityos.core.job.RetryPolicy;
import org.cityos.sync.internal.db.Tables;
import org.cityos.sync.webhook.InboundWebhooks;
import org.cityos.sync.webhook.OutboundWebhooks;

/**
 * The sync module's entry: created once from a {@link CityOs} ({@code Sync.create(cityOs)}), it
 * runs its migrations, registers its tables with the tenant guard, its job handlers and its
 * event subscriber, and hands out outbound and inbound webhooks. Run the jobs with
 * {@code JobWorkers.builder(cityOs)}.
 */
public final class Sync {
    private final OutboundWebhooks outbound;
    private final InboundWebhooks inbound;

    private Sync(OutboundWebhooks outbound, InboundWebhooks inbound) {
        this.outbound = outbound;
        this.inbound = inbound;
    }

    /** With the default configuration (no private networks for endpoints). */
    public static Sync create(CityOs cityOs) {
        return create(cityOs, SyncConfig.defaults());
    }

    /** Attaches the module to {@code cityOs}; {@code conflict} if it was attached to it already. */
    public static Sync create(CityOs cityOs, SyncConfig config) {
        Objects.requireNonNull(cityOs, "cityOs");
        Objects.requireNonNull(config, "config");
        cityOs.attachModule("sync", Sync.class.getClassLoader(), List.of(Tables.WEBHOOK_ENDPOINT,
                Tables.WEBHOOK_DELIVERY, Tables.WEBHOOK_ATTEMPT, Tables.INBOUND_WEBHOOK));
        OutboundWebhooks out = new OutboundWebhooks(cityOs, config);
        InboundWebhooks in = new InboundWebhooks(cityOs);
        cityOs.jobs().register(OutboundWebhooks.DELIVER_JOB, out::deliver,
                RetryPolicy.schedule(config.retrySchedule(), config.retryJitter()));
        cityOs.jobs().register(InboundWebhooks.PROCESS_JOB, in::process);
        cityOs.events().subscribe("*", OutboundWebhooks.SUBSCRIBER, out::fanOut);
        return new Sync(out, in);
    }

    /** Outbound webhooks: endpoints, deliveries, the delivery log, replays. */
    public OutboundWebhooks outbound() {
        return outbound;
    }

    /** Inbound webhook intake: sources, verification, the webhook log. */
    public InboundWebhooks inbound() {
        return inbound;
    }
}
