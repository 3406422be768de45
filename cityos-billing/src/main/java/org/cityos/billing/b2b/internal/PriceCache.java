package org.cityos.billing.b2b.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The price resolver's cache (internal): per tenant, each product's compiled prices in every active
 * list, and each buyer's applicable lists. Every change that affects prices bumps the tenant's
 * generation once it has committed; an entry loaded under an older generation is ignored, so a
 * load racing a change can never keep a stale price. On other nodes an entry lives at most
 * {@code ttl}; past {@code maxEntries} a map is cleared (a crude bound, as the API key cache).
 */
public final class PriceCache {
    /** One list's compiled price of a product. */
    public record ListPrice(UUID list, Ladder ladder) {
    }

    private record ProductKey(UUID tenant, String product) {
    }

    private record BuyerKey(UUID tenant, String customer) {
    }

    private record Entry<T>(long generation, long expiresAt, T value) {
    }

    private final Clock clock;
    private final long ttlMillis;
    private final int maxEntries;
    private final Map<UUID, AtomicLong> generations = new ConcurrentHashMap<>();
    private final Map<ProductKey, Entry<List<ListPrice>>> products = new ConcurrentHashMap<>();
    private final Map<BuyerKey, Entry<List<UUID>>> buyers = new ConcurrentHashMap<>();

    public PriceCache(Clock clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
    }

    /** Whether caching is on (a TTL of zero turns it off: every resolution reads the database). */
    public boolean enabled() {
        return ttlMillis > 0;
    }

    /** The tenant's generation now; read it before loading what {@link #putProduct} or {@link #putBuyer} will keep. */
    public long generation(UUID tenant) {
        AtomicLong g = generations.get(tenant);
        return g == null ? 0 : g.get();
    }

    /** Forgets everything cached for the tenant (on this node). */
    public void invalidate(UUID tenant) {
        generations.computeIfAbsent(tenant, t -> new AtomicLong()).incrementAndGet();
    }

    public List<ListPrice> product(UUID tenant, String product) {
        return valid(tenant, products.get(new ProductKey(tenant, product)));
    }

    public List<UUID> buyer(UUID tenant, String customer) {
        return valid(tenant, buyers.get(new BuyerKey(tenant, customer)));
    }

    public void putProduct(UUID tenant, String product, long generation, List<ListPrice> prices) {
        if (products.size() >= maxEntries) {
            products.clear();
        }
        products.put(new ProductKey(tenant, product), new Entry<>(generation, clock.millis() + ttlMillis, prices));
    }

    public void putBuyer(UUID tenant, String customer, long generation, List<UUID> lists) {
        if (buyers.size() >= maxEntries) {
            buyers.clear();
        }
        buyers.put(new BuyerKey(tenant, customer), new Entry<>(generation, clock.millis() + ttlMillis, lists));
    }

    /** Forgets everything, on every tenant (for tests and benchmarks). */
    public void clear() {
        products.clear();
        buyers.clear();
    }

    private <T> T valid(UUID tenant, Entry<T> e) {
        if (e == null || e.generation() != generation(tenant) || clock.millis() >= e.expiresAt()) {
            return null;
        }
        return e.value();
    }
}
