package org.cityos.sync;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;

/**
 * Settings of the sync module, validated at {@link Builder#build()}: HTTP timeouts, the retry
 * schedule of outbound deliveries, after how many consecutive failures an endpoint is disabled,
 * the SSRF guard (private and loopback addresses are refused unless allowed, as tests on
 * loopback must), and for the sync engine: records per pulled page, attempts of push and pull
 * jobs, and how long a call may wait for its integration's rate limit before the job is retried later.
 */
public record SyncConfig(Duration connectTimeout, Duration requestTimeout, List<Duration> retrySchedule,
                         double retryJitter, int disableAfterFailures, boolean allowPrivateNetworks,
                         Set<String> allowedHosts, String userAgent, int pageSize, int pushMaxAttempts,
                         int pullMaxAttempts, Duration rateLimitMaxWait) {
    /** The schedule of the issue: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
    public static final List<Duration> DEFAULT_RETRY_SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: 3 s to connect, 10 s per request, the default schedule with 10 % jitter, disable after 20 failures, no private networks. */
    public static SyncConfig defaults() {
        return builder().build();
    }

    /** Builds a {@link SyncConfig}; invalid values fail in {@link #build()} naming the setting. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(3);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private List<Duration> retrySchedule = DEFAULT_RETRY_SCHEDULE;
        private double retryJitter = 0.1;
        private int disableAfterFailures = 20;
        private boolean allowPrivateNetworks;
        private Set<String> allowedHosts = Set.of();
        private String userAgent = "CityOS-Webhooks/0.1";
        private int pageSize = 100;
        private int pushMaxAttempts = 12;
        private int pullMaxAttempts = 20;
        private Duration rateLimitMaxWait = Duration.ofSeconds(2);

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        public Builder requestTimeout(Duration d) {
            this.requestTimeout = d;
            return this;
        }

        /** Delays before the 2nd, 3rd, ... attempt; a delivery gets one attempt more than delays. */
        public Builder retrySchedule(List<Duration> delays, double jitter) {
            this.retrySchedule = delays;
            this.retryJitter = jitter;
            return this;
        }

        /** Consecutive failed attempts (across deliveries) after which an endpoint is disabled. */
        public Builder disableAfterFailures(int n) {
            this.disableAfterFailures = n;
            return this;
        }

        /** Whether endpoints may resolve to loopback, private, link-local or other internal addresses (default false). */
        public Builder allowPrivateNetworks(boolean allow) {
            this.allowPrivateNetworks = allow;
            return this;
        }

        /** Host names allowed whatever they resolve to (e.g. an internal service you trust). */
        public Builder allowedHosts(Set<String> hosts) {
            this.allowedHosts = hosts;
            return this;
        }

        public Builder userAgent(String ua) {
            this.userAgent = ua;
            return this;
        }

        /** Records asked for per pulled page (1 to 1000, default 100); one page per pull job. */
        public Builder pageSize(int n) {
            this.pageSize = n;
            return this;
        }

        /** Attempts of a push job (default 12) and of a pull job (default 20) before they go dead. */
        public Builder syncAttempts(int push, int pull) {
            this.pushMaxAttempts = push;
            this.pullMaxAttempts = pull;
            return this;
        }

        /** How long a call waits for its integration's rate limit before the job is retried later (default 2 s). */
        public Builder rateLimitMaxWait(Duration d) {
            this.rateLimitMaxWait = d;
            return this;
        }

        public SyncConfig build() {
            positive("connectTimeout", connectTimeout);
            positive("requestTimeout", requestTimeout);
            if (retrySchedule == null || retrySchedule.isEmpty() || retrySchedule.size() > 50
                    || retrySchedule.stream().anyMatch(d -> d == null || d.isNegative())) {
                throw invalid("retrySchedule", retrySchedule, "must be 1 to 50 non-negative delays");
            }
            if (retryJitter < 0 || retryJitter > 1) {
                throw invalid("retryJitter", retryJitter, "must be between 0 and 1");
            }
            if (disableAfterFailures < 1) {
                throw invalid("disableAfterFailures", disableAfterFailures, "must be at least 1");
            }
            if (allowedHosts == null || userAgent == null || userAgent.isBlank()) {
                throw invalid(allowedHosts == null ? "allowedHosts" : "userAgent", null, "must be given");
            }
            if (pageSize < 1 || pageSize > 1000) {
                throw invalid("pageSize", pageSize, "must be between 1 and 1000");
            }
            if (pushMaxAttempts < 1 || pushMaxAttempts > 1000 || pullMaxAttempts < 1 || pullMaxAttempts > 1000) {
                throw invalid("syncAttempts", pushMaxAttempts + "/" + pullMaxAttempts, "must be between 1 and 1000");
            }
            if (rateLimitMaxWait == null || rateLimitMaxWait.isNegative()) {
                throw invalid("rateLimitMaxWait", rateLimitMaxWait, "must not be negative");
            }
            return new SyncConfig(connectTimeout, requestTimeout, List.copyOf(retrySchedule), retryJitter,
                    disableAfterFailures, allowPrivateNetworks, Set.copyOf(allowedHosts), userAgent, pageSize,
                    pushMaxAttempts, pullMaxAttempts, rateLimitMaxWait);
        }

        private static void positive(String what, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw invalid(what, d, "must be positive");
            }
        }

        private static CityOsException invalid(String what, Object value, String why) {
            return new CityOsException(ErrorCode.CONFIGURATION, "sync " + what + " " + value + " " + why);
        }
    }
}
