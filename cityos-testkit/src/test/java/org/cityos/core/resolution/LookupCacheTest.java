package org.cityos.core.resolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.cityos.testkit.TestClock;
import org.junit.jupiter.api.Test;

class LookupCacheTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
    private final LookupCache<String, String> cache = new LookupCache<>(clock, 100, Duration.ofSeconds(60));
    private final AtomicInteger loads = new AtomicInteger();

    private String load(String key) {
        loads.incrementAndGet();
        return key.toUpperCase();
    }

    @Test
    void a_value_is_loaded_once_until_its_time_to_live_has_passed() {
        assertThat(cache.get("a", this::load)).isEqualTo("A");
        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.get("a", this::load)).isEqualTo("A");
        assertThat(loads).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        cache.get("a", this::load);
        assertThat(loads).hasValue(2);
    }

    @Test
    void clear_forgets_every_value() {
        cache.get("a", this::load);
        cache.clear();
        cache.get("a", this::load);
        assertThat(loads).hasValue(2);
    }

    @Test
    void a_lookup_overtaken_by_a_clear_is_not_stored() {
        // the value was read before the change that the clear announces: it must not be kept
        assertThat(cache.get("a", k -> {
            cache.clear();
            return "stale";
        })).isEqualTo("stale");
        assertThat(cache.get("a", this::load)).isEqualTo("A");
    }

    @Test
    void the_cache_never_grows_past_its_bound() {
        for (int i = 0; i < 1_000; i++) {
            cache.get("k" + i, this::load);
            assertThat(cache.size()).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void expired_entries_are_evicted_first() {
        for (int i = 0; i < 99; i++) {
            cache.get("old" + i, this::load);
        }
        clock.advance(Duration.ofMinutes(2));
        cache.get("fresh", this::load);
        cache.get("fresher", this::load);
        assertThat(cache.size()).isEqualTo(2);
    }
}
