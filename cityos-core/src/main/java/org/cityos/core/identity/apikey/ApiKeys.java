package org.cityos.core.identity.apikey;

import static org.cityos.core.internal.db.Tables.API_KEY;
import static org.cityos.core.internal.db.Tables.STORE;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Ids;
import org.cityos.core.Principal;
import org.cityos.core.StoreId;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.Values;
import org.cityos.core.audit.AuditLog;
import org.cityos.core.internal.Db;
import org.cityos.core.internal.db.tables.records.ApiKeyRecord;
import org.cityos.core.resolution.ApiKeyLookup;
import org.cityos.core.tenancy.Validate;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's API keys: issued with the secret shown once, stored as a SHA-256 hash, verified in
 * constant time, revoked, and rotated with a grace period in which the old and new keys both
 * work. It is the {@link ApiKeyLookup} tenant resolution uses. Verified keys are cached for a
 * short time (so a revocation made on another node takes up to {@link Builder#cacheTtl} to bite;
 * on this node it bites at once), and {@code last_used_at} is written at most once per
 * {@link Builder#lastUsedInterval} per key, not on every request.
 *
 * <pre>{@code
 * ApiKeys keys = ApiKeys.create(cityOs);
 * IssuedApiKey issued = keys.issue(ctx, NewApiKey.of("warehouse sync", ApiScope.read("order")));
 * Principal p = keys.authenticate(issued.secret());
 * }</pre>
 */
public final class ApiKeys implements ApiKeyLookup {
    /** The role every API key's principal carries, for policies to grant. */
    public static final String ROLE = "api_key";
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    private static final String ENTITY = "api_key";

    /** Which environment a key belongs to; it shows in the key's prefix ({@code cty_live_}, {@code cty_test_}). */
    public enum Environment {
        LIVE, TEST;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Db db;
    private final AuditLog audit;
    private final Environment environment;
    private final long cacheTtlMillis;
    private final int cacheSize;
    private final Duration lastUsedInterval;
    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    private ApiKeys(Builder b) {
        this.db = b.cityOs.db();
        this.audit = b.cityOs.audit();
        this.environment = b.environment;
        this.cacheTtlMillis = b.cacheTtl.toMillis();
        this.cacheSize = b.cacheSize;
        this.lastUsedInterval = b.lastUsedInterval;
    }

    /** API keys of the {@link Environment#LIVE} environment with the default settings. */
    public static ApiKeys create(CityOs cityOs) {
        return builder(cityOs).build();
    }

    /** A builder over {@code cityOs}'s database and clock. */
    public static Builder builder(CityOs cityOs) {
        return new Builder(Objects.requireNonNull(cityOs, "cityOs"));
    }

    /**
     * Issues a key for the context's tenant and returns it with its secret, which is not stored
     * and cannot be shown again. Raises {@code invalid_argument} for a blank name, no scopes or an
     * expiry in the past, and {@code not_found} for a store that is not the tenant's.
     */
    public IssuedApiKey issue(TenantContext ctx, NewApiKey spec) {
        Validate.required("api key", spec);
        String name = Validate.name("api key name", spec.name());
        if (spec.scopes().isEmpty()) {
            throw CityOsException.invalid("api key scopes", spec.scopes(), "must not be empty");
        }
        Instant now = db.clock().instant();
        spec.expiresAt().filter(e -> !e.isAfter(now)).ifPresent(e -> {
            throw CityOsException.invalid("api key expiresAt", e, "is not in the future");
        });
        spec.vendor().filter(v -> v.isBlank() || v.length() > 200).ifPresent(v -> {
            throw CityOsException.invalid("api key vendor", v, "must be 1 to 200 characters");
        });
        return audited(ctx, "api_key.issued", null, () -> db.tenant(ctx, tx -> {
            spec.store().ifPresent(s -> {
                if (!tx.fetchExists(STORE, STORE.TENANT_ID.eq(ctx.tenant().value()), STORE.ID.eq(s.value()))) {
                    throw CityOsException.notFound("store", s);
                }
            });
            IssuedApiKey issued = insert(tx, ctx, name, spec.scopes(), spec.store(), spec.vendor(), spec.expiresAt(),
                    Optional.empty());
            audit.applied(tx, ctx, "api_key.issued", ENTITY, issued.key().id(), null, issued.key());
            return issued;
        }));
    }

    /**
     * Issues a successor of key {@code id} (same name, scopes, binding and expiry) and lets the old
     * key work for {@code grace} more (zero ends it now). Raises {@code not_found} for an unknown
     * key and {@code invalid_transition} for a revoked or expired one.
     */
    public IssuedApiKey rotate(TenantContext ctx, ApiKeyId id, Duration grace) {
        if (grace == null || grace.isNegative()) {
            throw CityOsException.invalid("rotation grace", grace, "must be zero or positive");
        }
        IssuedApiKey next = audited(ctx, "api_key.rotated", id, () -> db.tenant(ctx, tx -> {
            ApiKey old = lock(tx, ctx, id);
            Instant now = db.clock().instant();
            if (!old.activeAt(now)) {
                throw new CityOsException(ErrorCode.INVALID_TRANSITION, "api key " + id + " is revoked or expired");
            }
            IssuedApiKey issued = insert(tx, ctx, old.name(), old.scopes(), old.store(), old.vendor(), old.expiresAt(),
                    Optional.of(id));
            Instant end = now.plus(grace);
            if (old.expiresAt().map(e -> e.isAfter(end)).orElse(true)) {
                tx.update(API_KEY).set(API_KEY.EXPIRES_AT, time(end))
                        .where(API_KEY.TENANT_ID.eq(ctx.tenant().value()), API_KEY.ID.eq(id.value())).execute();
            }
            audit.applied(tx, ctx, "api_key.rotated", ENTITY, id, old, issued.key());
            return issued;
        }));
        cache.remove(id.value());
        return next;
    }

    /** Revokes key {@code id} at once (on other nodes within the cache TTL); revoking twice changes nothing. */
    public ApiKey revoke(TenantContext ctx, ApiKeyId id) {
        ApiKey out = audited(ctx, "api_key.revoked", id, () -> db.tenant(ctx, tx -> {
            ApiKey before = lock(tx, ctx, id);
            if (before.revokedAt().isPresent()) {
                return before;
            }
            tx.update(API_KEY).set(API_KEY.REVOKED_AT, time(db.clock().instant()))
                    .where(API_KEY.TENANT_ID.eq(ctx.tenant().value()), API_KEY.ID.eq(id.value())).execute();
            ApiKey after = find(tx, ctx.tenant(), id.value()).map(ApiKeys::map).orElseThrow();
            audit.applied(tx, ctx, "api_key.revoked", ENTITY, id, before, after);
            return after;
        }));
        cache.remove(id.value());
        return out;
    }

    /** The key {@code id} of the context's tenant. */
    public Optional<ApiKey> get(TenantContext ctx, ApiKeyId id) {
        return db.tenant(ctx, tx -> find(tx, ctx.tenant(), id.value()).map(ApiKeys::map));
    }

    /** The tenant's keys, oldest first, revoked and expired ones included. */
    public List<ApiKey> list(TenantContext ctx) {
        return db.tenant(ctx, tx -> tx.selectFrom(API_KEY).where(API_KEY.TENANT_ID.eq(ctx.tenant().value()))
                .orderBy(API_KEY.ID).fetch(ApiKeys::map));
    }

    /**
     * The principal of a valid key: role {@value #ROLE}, the key's scopes, its tenant, and its
     * store or vendor when bound. Raises {@code unauthenticated} (never echoing the key) when it is
     * malformed, fails its checksum, belongs to the other environment, is unknown, or is revoked or expired.
     */
    public Principal authenticate(String key) {
        Object parsed = KeyFormat.parse(key);
        if (parsed == KeyFormat.Flaw.MALFORMED) {
            throw reject("it is not an API key of the form cty_<live|test>_...");
        }
        if (parsed == KeyFormat.Flaw.CHECKSUM) {
            throw reject("its checksum does not match (a typo?)");
        }
        KeyFormat.Parsed p = (KeyFormat.Parsed) parsed;
        if (p.environment() != environment) {
            throw reject("it is a " + p.environment().label() + " key and this is the " + environment.label()
                    + " environment");
        }
        Instant now = db.clock().instant();
        Row row = row(p, now).orElseThrow(() -> reject("it is not a known key"));
        byte[] presented = KeyFormat.hash(key).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(presented, row.hash().getBytes(StandardCharsets.US_ASCII))) {
            throw reject("it is not a known key");
        }
        if (row.key().revokedAt().filter(r -> !r.isAfter(now)).isPresent()) {
            throw reject("key " + row.key().prefix() + " was revoked");
        }
        if (row.key().expiresAt().filter(e -> !e.isAfter(now)).isPresent()) {
            throw reject("key " + row.key().prefix() + " expired");
        }
        touch(row, now);
        ApiKey k = row.key();
        return new Principal(Principal.Kind.API_KEY, k.id().toString(), Set.of(ROLE), Optional.empty(), Map.of(),
                k.scopes().stream().map(ApiScope::toString).collect(Collectors.toSet()), Set.of(k.tenant()),
                k.store().map(Set::of).orElse(Set.of()), k.vendor().map(Set::of).orElse(Set.of()));
    }

    /** For tenant resolution: the key's tenant and principal, empty for any key {@link #authenticate} refuses. */
    @Override
    public Optional<Match> find(String key) {
        try {
            Principal p = authenticate(key);
            return Optional.of(new Match(p.tenants().iterator().next(), p));
        } catch (CityOsException e) {
            if (e.code() != ErrorCode.UNAUTHENTICATED) {
                throw e;
            }
            LOG.debug("{}", e.getMessage());
            return Optional.empty();
        }
    }

    private static CityOsException reject(String why) {
        return new CityOsException(ErrorCode.UNAUTHENTICATED, "API key refused: " + why);
    }

    /** A key's stored row with its hash, from the cache or the database (misses are cached too). */
    private Optional<Row> row(KeyFormat.Parsed p, Instant now) {
        long millis = now.toEpochMilli();
        Cached hit = cache.get(p.id());
        if (hit != null && hit.expiresAt() > millis && hit.tenant().equals(p.tenant())) {
            return hit.row();
        }
        TenantContext system = TenantContext.system(p.tenant(), "api-keys");
        Optional<Row> row = db.tenant(system, tx -> find(tx, p.tenant(), p.id())
                .map(r -> new Row(map(r), r.getSecretHash())));
        if (cache.size() >= cacheSize) {
            cache.clear();
        }
        cache.put(p.id(), new Cached(p.tenant(), row, millis + cacheTtlMillis));
        return row;
    }

    /** Records the use, at most once per interval per key. */
    private void touch(Row row, Instant now) {
        ApiKey k = row.key();
        if (k.lastUsedAt().map(l -> l.plus(lastUsedInterval).isAfter(now)).orElse(false)) {
            return;
        }
        try {
            OffsetDateTime threshold = time(now.minus(lastUsedInterval));
            db.tenant(TenantContext.system(k.tenant(), "api-keys"), tx -> tx.update(API_KEY)
                    .set(API_KEY.LAST_USED_AT, time(now))
                    .where(API_KEY.TENANT_ID.eq(k.tenant().value()), API_KEY.ID.eq(k.id().value()))
                    .and(API_KEY.LAST_USED_AT.isNull().or(API_KEY.LAST_USED_AT.le(threshold)))
                    .execute());
        } catch (RuntimeException e) {
            // bookkeeping only: a failed write must not fail an authenticated request
            LOG.warn("recording the use of api key {} failed: {}", k.prefix(), e.toString());
        }
        ApiKey used = new ApiKey(k.id(), k.tenant(), k.name(), k.environment(), k.prefix(), k.scopes(), k.store(),
                k.vendor(), k.createdAt(), k.expiresAt(), k.revokedAt(), Optional.of(now), k.replaces());
        cache.computeIfPresent(k.id().value(), (id, c) -> c.row().isPresent()
                ? new Cached(c.tenant(), Optional.of(new Row(used, row.hash())), c.expiresAt()) : c);
    }

    private IssuedApiKey insert(DSLContext tx, TenantContext ctx, String name, Set<ApiScope> scopes,
                                Optional<StoreId> store, Optional<String> vendor, Optional<Instant> expiresAt,
                                Optional<ApiKeyId> replaces) {
        UUID id = Ids.next(db.clock());
        String secret = KeyFormat.issue(environment, ctx.tenant(), id);
        String prefix = KeyFormat.prefix(environment, ctx.tenant(), id);
        OffsetDateTime now = time(db.clock().instant());
        tx.insertInto(API_KEY)
                .set(API_KEY.TENANT_ID, ctx.tenant().value())
                .set(API_KEY.ID, id)
                .set(API_KEY.NAME, name)
                .set(API_KEY.ENVIRONMENT, environment.label())
                .set(API_KEY.PREFIX, prefix)
                .set(API_KEY.SECRET_HASH, KeyFormat.hash(secret))
                .set(API_KEY.SCOPES, scopes.stream().map(ApiScope::toString).sorted().collect(Collectors.joining(" ")))
                .set(API_KEY.STORE_ID, store.map(StoreId::value).orElse(null))
                .set(API_KEY.VENDOR_ID, vendor.orElse(null))
                .set(API_KEY.CREATED_AT, now)
                .set(API_KEY.EXPIRES_AT, expiresAt.map(ApiKeys::time).orElse(null))
                .set(API_KEY.REPLACES, replaces.map(ApiKeyId::value).orElse(null))
                .execute();
        ApiKey key = find(tx, ctx.tenant(), id).map(ApiKeys::map).orElseThrow();
        return new IssuedApiKey(key, secret);
    }

    private ApiKey lock(DSLContext tx, TenantContext ctx, ApiKeyId id) {
        return tx.selectFrom(API_KEY).where(API_KEY.TENANT_ID.eq(ctx.tenant().value()), API_KEY.ID.eq(id.value()))
                .forUpdate().fetchOptional().map(ApiKeys::map)
                .orElseThrow(() -> CityOsException.notFound("api key", id));
    }

    private static Optional<ApiKeyRecord> find(DSLContext tx, TenantId tenant, UUID id) {
        return tx.selectFrom(API_KEY).where(API_KEY.TENANT_ID.eq(tenant.value()), API_KEY.ID.eq(id)).fetchOptional();
    }

    private static ApiKey map(ApiKeyRecord r) {
        Set<ApiScope> scopes = new LinkedHashSet<>();
        Arrays.stream(r.getScopes().split(" ")).filter(s -> !s.isEmpty()).map(ApiScope::parse).forEach(scopes::add);
        return new ApiKey(new ApiKeyId(r.getId()), new TenantId(r.getTenantId()), r.getName(),
                Environment.valueOf(r.getEnvironment().toUpperCase(Locale.ROOT)), r.getPrefix(), scopes,
                Optional.ofNullable(r.getStoreId()).map(StoreId::new), Optional.ofNullable(r.getVendorId()),
                r.getCreatedAt().toInstant(), Optional.ofNullable(r.getExpiresAt()).map(OffsetDateTime::toInstant),
                Optional.ofNullable(r.getRevokedAt()).map(OffsetDateTime::toInstant),
                Optional.ofNullable(r.getLastUsedAt()).map(OffsetDateTime::toInstant),
                Optional.ofNullable(r.getReplaces()).map(ApiKeyId::new));
    }

    private <T> T audited(TenantContext ctx, String action, Object id, Supplier<T> work) {
        try {
            return work.get();
        } catch (CityOsException e) {
            audit.refused(ctx, action, ENTITY, id, e);
            throw e;
        }
    }

    private static OffsetDateTime time(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private record Row(ApiKey key, String hash) {
    }

    private record Cached(TenantId tenant, Optional<Row> row, long expiresAt) {
    }

    /** Configures {@link ApiKeys}; {@link #build()} names a bad setting. */
    public static final class Builder {
        private final CityOs cityOs;
        private Environment environment = Environment.LIVE;
        private Duration cacheTtl = Duration.ofSeconds(10);
        private int cacheSize = 10_000;
        private Duration lastUsedInterval = Duration.ofMinutes(5);

        private Builder(CityOs cityOs) {
            this.cityOs = cityOs;
        }

        /** The environment keys are issued in and accepted from (default live). */
        public Builder environment(Environment env) {
            this.environment = env;
            return this;
        }

        /** How long a looked-up key is reused before it is read again (default 10 s; zero disables). */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = ttl;
            return this;
        }

        /** The most keys the cache holds (default 10,000). */
        public Builder cacheSize(int entries) {
            this.cacheSize = entries;
            return this;
        }

        /** How stale {@code last_used_at} may get before a use writes it again (default 5 min). */
        public Builder lastUsedInterval(Duration interval) {
            this.lastUsedInterval = interval;
            return this;
        }

        /** Validates the settings and returns the service. */
        public ApiKeys build() {
            if (environment == null) {
                throw config("environment", null, "must be LIVE or TEST");
            }
            if (cacheTtl == null || cacheTtl.isNegative()) {
                throw config("cacheTtl", cacheTtl, "must be zero or positive");
            }
            if (cacheSize < 1) {
                throw config("cacheSize", cacheSize, "must be at least 1");
            }
            if (lastUsedInterval == null || lastUsedInterval.isNegative()) {
                throw config("lastUsedInterval", lastUsedInterval, "must be zero or positive");
            }
            return new ApiKeys(this);
        }

        private static CityOsException config(String setting, Object value, String why) {
            return new CityOsException(ErrorCode.CONFIGURATION, "api keys " + setting + ": " + Values.quote(value) + " " + why);
        }
    }
}
