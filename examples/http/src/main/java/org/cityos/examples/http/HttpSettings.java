package org.cityos.examples.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Values;
import org.cityos.core.identity.Issuer;
import org.cityos.core.webhook.WebhookSecret;

/**
 * How the example host is configured: where it listens, which database (embedded H2 when none is
 * given), the base domains of tenant subdomains, the trusted token issuers, the authorizer
 * (embedded, or Cerbos by URL) and the inbound webhook source. Built
 * once and validated at {@link Builder#build()}, which names the bad setting and value. (The
 * demo's seed data and stand-in issuer are the command line's business, not the host's.)
 *
 * @param bindAddress    the address to listen on (default {@code 127.0.0.1})
 * @param port           the port (default 8080; 0 picks a free one)
 * @param clock          every timestamp's source, the library's and the token checks'
 * @param dataSource     the application's connections; empty for an in-memory H2 database
 * @param ownerDataSource the schema owner's connections for migrations, when they differ
 * @param baseDomains    hosts {@code <tenant handle>.<base domain>} name a tenant
 * @param trustedProxies whose {@code X-Forwarded-Host} is believed
 * @param issuers        the trusted JWT issuers (Keycloak realms)
 * @param cerbosUrl      the Cerbos PDP to authorize with; empty for the embedded policy
 * @param webhookSource  the name of the inbound webhook source ({@code POST /webhooks/<name>})
 * @param webhookSecret  its Standard Webhooks signing secret
 * @param workers        job worker threads (0: none; tests run the queue themselves)
 * @param metricsRefresh how often {@code GET /metrics}'s gauges re-read the database (0: only when told)
 */
public record HttpSettings(String bindAddress, int port, Clock clock, Optional<DataSource> dataSource,
                           Optional<DataSource> ownerDataSource, List<String> baseDomains, List<String> trustedProxies,
                           List<Issuer> issuers, Optional<URI> cerbosUrl, String webhookSource,
                           WebhookSecret webhookSecret, int workers, java.time.Duration metricsRefresh) {
    public HttpSettings {
        baseDomains = List.copyOf(baseDomains);
        trustedProxies = List.copyOf(trustedProxies);
        issuers = List.copyOf(issuers);
    }

    /** A builder with the defaults of the command line. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects settings; {@link #build()} validates them. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port = 8080;
        private Clock clock = Clock.systemUTC();
        private DataSource dataSource;
        private DataSource ownerDataSource;
        private final List<String> baseDomains = new ArrayList<>();
        private final List<String> trustedProxies = new ArrayList<>();
        private final List<Issuer> issuers = new ArrayList<>();
        private URI cerbosUrl;
        private String webhookSource = "erp";
        private WebhookSecret webhookSecret;
        private int workers = 1;
        private java.time.Duration metricsRefresh = java.time.Duration.ofSeconds(30);

        private Builder() {
        }

        /** The address to listen on (default {@code 127.0.0.1}: this machine only). */
        public Builder bindAddress(String address) {
            this.bindAddress = address;
            return this;
        }

        /** The port (default 8080; 0 picks a free one, see {@code CityOsHttp.port()}). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The clock of the library and of token checks (default the system's, UTC). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The database; without one the host runs on a fresh in-memory H2 database. */
        public Builder dataSource(DataSource app, DataSource owner) {
            this.dataSource = app;
            this.ownerDataSource = owner;
            return this;
        }

        /** Base domains of tenant subdomains (default {@code localhost}: {@code riyadh-eats.localhost}). */
        public Builder baseDomains(String... domains) {
            baseDomains.addAll(List.of(domains));
            return this;
        }

        /** Proxies (addresses or CIDR ranges) whose {@code X-Forwarded-Host} is believed (default none). */
        public Builder trustedProxies(String... proxies) {
            trustedProxies.addAll(List.of(proxies));
            return this;
        }

        /** Adds a trusted token issuer; without any, bearer tokens are refused. */
        public Builder issuer(Issuer issuer) {
            issuers.add(Objects.requireNonNull(issuer, "issuer"));
            return this;
        }

        /** Authorize with the Cerbos PDP at {@code url} instead of {@link ExamplePolicy#embedded()}. */
        public Builder cerbos(URI url) {
            this.cerbosUrl = url;
            return this;
        }

        /** The inbound webhook source and its secret (default {@code erp} with a fresh secret). */
        public Builder webhook(String source, WebhookSecret secret) {
            this.webhookSource = source;
            this.webhookSecret = secret;
            return this;
        }

        /** Job worker threads (default 1; 0 leaves the queue to the caller). */
        public Builder workers(int threads) {
            this.workers = threads;
            return this;
        }

        /** How often the gauges of {@code GET /metrics} re-read the database (default 30 s; zero: never by themselves). */
        public Builder metricsRefresh(java.time.Duration every) {
            this.metricsRefresh = every;
            return this;
        }

        /** Validates and returns the settings; a bad one raises {@code configuration} naming it. */
        public HttpSettings build() {
            if (port < 0 || port > 65535) {
                throw config("port", port, "must be 0-65535");
            }
            try {
                InetAddress.getByName(Objects.requireNonNull(bindAddress, "bindAddress"));
            } catch (UnknownHostException e) {
                throw config("bindAddress", bindAddress, "is not an address of this machine");
            }
            if (clock == null) {
                throw config("clock", null, "is required");
            }
            if (workers < 0 || workers > 64) {
                throw config("workers", workers, "must be 0-64");
            }
            if (metricsRefresh == null || metricsRefresh.isNegative()) {
                throw config("metricsRefresh", metricsRefresh, "must be zero or positive");
            }
            if (webhookSource == null || !webhookSource.matches("[a-z][a-z0-9-]{0,39}")) {
                throw config("webhookSource", webhookSource, "must be a lower-case name");
            }
            if (cerbosUrl != null && !("http".equals(cerbosUrl.getScheme()) || "https".equals(cerbosUrl.getScheme()))) {
                throw config("cerbosUrl", cerbosUrl, "must be an http(s) URL");
            }
            if (baseDomains.isEmpty()) {
                baseDomains.add("localhost");
            }
            // a fresh secret when none is given: fine for a demo, useless to real senders (log it once)
            WebhookSecret secret = webhookSecret != null ? webhookSecret : WebhookSecret.generate();
            return new HttpSettings(bindAddress, port, clock, Optional.ofNullable(dataSource),
                    Optional.ofNullable(ownerDataSource), baseDomains, trustedProxies, issuers,
                    Optional.ofNullable(cerbosUrl), webhookSource, secret, workers, metricsRefresh);
        }

        private static CityOsException config(String setting, Object value, String why) {
            return new CityOsException(ErrorCode.CONFIGURATION, "setting " + setting + " " + Values.quote(value) + " " + why);
        }
    }
}
