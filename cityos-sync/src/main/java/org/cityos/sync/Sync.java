package org.cityos.sync;

import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.job.RetryPolicy;
import org.cityos.sync.connector.ErpNextConnector;
import org.cityos.sync.connector.FleetbaseConnector;
import org.cityos.sync.connector.MedusaConnector;
import org.cityos.sync.connector.PayloadConnector;
import org.cityos.sync.engine.Connector;
import org.cityos.sync.engine.CredentialsResolver;
import org.cityos.sync.engine.LocalSide;
import org.cityos.sync.engine.SyncEngine;
import org.cityos.sync.internal.LocalConnector;
import org.cityos.sync.internal.Parts;
import org.cityos.sync.internal.SyncGauges;
import org.cityos.sync.internal.SyncRunner;
import org.cityos.sync.internal.db.Tables;
import org.cityos.sync.webhook.InboundWebhooks;
import org.cityos.sync.webhook.OutboundWebhooks;

/**
 * The sync module's entry: built once from a {@link CityOs} ({@code Sync.create(cityOs)} or
 * {@code Sync.builder(cityOs)...build()}), it runs its migrations, registers its tables with the
 * tenant guard, its job handlers and its event subscribers, and hands out outbound and inbound
 * webhooks and the sync engine with its connectors (Medusa, Payload, Fleetbase, ERPNext, the
 * library's own data, and the host's). Run the jobs with {@code JobWorkers.builder(cityOs)}.
 */
public final class Sync {
    private final OutboundWebhooks outbound;
    private final InboundWebhooks inbound;
    private final SyncEngine engine;

    private Sync(OutboundWebhooks outbound, InboundWebhooks inbound, SyncEngine engine) {
        this.outbound = outbound;
        this.inbound = inbound;
        this.engine = engine;
    }

    /** With the default configuration (no private networks for endpoints), the built-in connectors, no credentials. */
    public static Sync create(CityOs cityOs) {
        return builder(cityOs).build();
    }

    /** Attaches the module to {@code cityOs}; {@code conflict} if it was attached to it already. */
    public static Sync create(CityOs cityOs, SyncConfig config) {
        return builder(cityOs).config(config).build();
    }

    /** A builder for the module on {@code cityOs}. */
    public static Builder builder(CityOs cityOs) {
        return new Builder(cityOs);
    }

    /** Outbound webhooks: endpoints, deliveries, the delivery log, replays. */
    public OutboundWebhooks outbound() {
        return outbound;
    }

    /** Inbound webhook intake: sources, verification, the webhook log. */
    public InboundWebhooks inbound() {
        return inbound;
    }

    /** The sync engine: integrations, bindings, policies, pulls, backfills, conflicts and failures. */
    public SyncEngine engine() {
        return engine;
    }

    /** Configures a {@link Sync}; {@link #build()} attaches the module. */
    public static final class Builder {
        private final CityOs cityOs;
        private SyncConfig config = SyncConfig.defaults();
        private CredentialsResolver credentials = CredentialsResolver.none();
        private LocalSide local;
        private boolean builtIns = true;
        private final List<Connector> extra = new java.util.ArrayList<>();

        private Builder(CityOs cityOs) {
            this.cityOs = Objects.requireNonNull(cityOs, "cityOs");
        }

        public Builder config(SyncConfig config) {
            this.config = config;
            return this;
        }

        /** The port that turns an integration's credentials reference into its secrets. */
        public Builder credentials(CredentialsResolver resolver) {
            this.credentials = resolver;
            return this;
        }

        /** The library's own data as a side (connector {@code cityos}), e.g. {@code new MarketplaceSide(cityOs, market)}. */
        public Builder localSide(LocalSide side) {
            this.local = side;
            return this;
        }

        /** A connector of the host's, or one replacing a built-in of the same name. */
        public Builder connector(Connector connector) {
            extra.add(Objects.requireNonNull(connector, "connector"));
            return this;
        }

        /** Leaves out the built-in HTTP connectors (medusa, payload, fleetbase, erpnext). */
        public Builder withoutBuiltInConnectors() {
            this.builtIns = false;
            return this;
        }

        public Sync build() {
            if (config == null || credentials == null) {
                throw new CityOsException(ErrorCode.CONFIGURATION, (config == null ? "config" : "credentials")
                        + " is null");
            }
            cityOs.attachModule("sync", Sync.class.getClassLoader(), List.of(Tables.WEBHOOK_ENDPOINT,
                    Tables.WEBHOOK_DELIVERY, Tables.WEBHOOK_ATTEMPT, Tables.INBOUND_WEBHOOK, Tables.SYNC_INTEGRATION,
                    Tables.SYNC_BINDING, Tables.SYNC_POLICY, Tables.SYNC_CURSOR, Tables.SYNC_RECORD,
                    Tables.SYNC_MAPPING, Tables.SYNC_CONFLICT, Tables.SYNC_FAILURE, Tables.SYNC_BACKFILL),
                    new SyncGauges());
            Map<String, Connector> connectors = new LinkedHashMap<>();
            if (builtIns) {
                HttpClient http = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                        .followRedirects(HttpClient.Redirect.NEVER).build();
                for (Connector c : List.of(new MedusaConnector(http, config.requestTimeout()),
                        new PayloadConnector(http, config.requestTimeout()),
                        new FleetbaseConnector(http, config.requestTimeout()),
                        new ErpNextConnector(http, config.requestTimeout()))) {
                    connectors.put(c.name(), c);
                }
            }
            if (local != null) {
                connectors.put("cityos", new LocalConnector(local));
            }
            for (Connector c : extra) {
                connectors.put(c.name(), c);
            }
            OutboundWebhooks out = new OutboundWebhooks(cityOs, config);
            InboundWebhooks in = new InboundWebhooks(cityOs);
            cityOs.jobs().register(OutboundWebhooks.DELIVER_JOB, out::deliver,
                    RetryPolicy.schedule(config.retrySchedule(), config.retryJitter()));
            cityOs.jobs().register(InboundWebhooks.PROCESS_JOB, in::process);
            cityOs.events().subscribe("*", OutboundWebhooks.SUBSCRIBER, out::fanOut);

            Parts parts = new Parts(cityOs, config, connectors, credentials, Optional.ofNullable(local));
            SyncRunner runner = new SyncRunner(parts);
            cityOs.jobs().register(Parts.PULL_JOB, runner::pull);
            cityOs.jobs().register(Parts.PUSH_JOB, runner::push);
            cityOs.jobs().register(Parts.RESYNC_JOB, runner::resync);
            if (local != null) {
                for (String type : new java.util.TreeSet<>(local.eventTypes())) {
                    cityOs.events().subscribe(type, Parts.SUBSCRIBER, runner::onEvent);
                }
            }
            return new Sync(out, in, new SyncEngine(parts, runner));
        }
    }
}
