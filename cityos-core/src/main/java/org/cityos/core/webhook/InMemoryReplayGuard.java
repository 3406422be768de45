package org.cityos.core.webhook;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded, expiring set of ids in memory (package-private: see {@link ReplayGuard#inMemory}). */
final class InMemoryReplayGuard implements ReplayGuard {
    private final int capacity;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    InMemoryReplayGuard(int capacity) {
        if (capacity < 1) {
            throw org.cityos.core.CityOsException.invalid("replay guard capacity", capacity, "must be positive");
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized boolean firstSeen(String id, Instant expiresAt, Instant now) {
        for (Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Instant> e = it.next();
            if (!e.getValue().isAfter(now)) {
                it.remove();
            }
        }
        Instant known = seen.get(id);
        if (known != null) {
            return false;
        }
        if (seen.size() >= capacity) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        seen.put(id, expiresAt);
        return true;
    }
}
