package org.cityos.core.resolution;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A small bounded cache with a time to live read from the injected clock. Lookups that were in
 * flight when {@link #clear} ran are not stored, so a value read before a change cannot outlive
 * the invalidation of that change. When full, expired entries go first, then arbitrary ones.
 */
final class LookupCache<K, V> {
    private record Entry<V>(V value, long expiresAt) {
    }

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final Clock clock;
    private final int maxSize;
    private final long ttlMillis;

    LookupCache(Clock clock, int maxSize, Duration ttl) {
        this.clock = clock;
        this.maxSize = maxSize;
        this.ttlMillis = ttl.toMillis();
    }

    /** The cached value of {@code key}, or the loader's (stored unless a clear overtook it). */
    V get(K key, Function<K, V> loader) {
        long now = clock.millis();
        Entry<V> hit = entries.get(key);
        if (hit != null && hit.expiresAt() > now) {
            return hit.value();
        }
        long seen = generation.get();
        V value = loader.apply(key);
        if (generation.get() == seen) {
            if (entries.size() >= maxSize) {
                evict(now);
            }
            Entry<V> stored = new Entry<>(value, now + ttlMillis);
            entries.put(key, stored);
            // a clear between the check above and the put must still win
            if (generation.get() != seen) {
                entries.remove(key, stored);
            }
        }
        return value;
    }

    /** Forgets everything, including lookups still in flight. */
    void clear() {
        generation.incrementAndGet();
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private void evict(long now) {
        entries.values().removeIf(e -> e.expiresAt() <= now);
        int target = maxSize - Math.max(1, maxSize / 10);
        Iterator<K> it = entries.keySet().iterator();
        while (entries.size() > target && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
