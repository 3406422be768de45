package org.cityos.sync.webhook;

import java.util.Optional;
import java.util.Set;

import org.cityos.core.CityOsException;

/**
 * An endpoint to register: the URL deliveries are POSTed to, the event types it wants
 * ({@code *} for all), an optional description and vendor reference.
 */
public record NewEndpoint(String url, Set<String> eventTypes, Optional<String> description, Optional<String> vendorId) {
    public NewEndpoint {
        if (url == null || url.isBlank() || url.length() > 2000) {
            throw CityOsException.invalid("endpoint url", url, "must be 1 to 2000 characters");
        }
        if (eventTypes == null || eventTypes.isEmpty()) {
            throw CityOsException.invalid("endpoint event types", eventTypes, "must name at least one type or '*'");
        }
        for (String t : eventTypes) {
            if (t == null || !(t.equals("*") || t.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+"))) {
                throw CityOsException.invalid("endpoint event type", t, "must look like 'order.placed' or be '*'");
            }
        }
        eventTypes = Set.copyOf(eventTypes);
        description = description == null ? Optional.empty() : description;
        vendorId = vendorId == null ? Optional.empty() : vendorId;
    }

    /** An endpoint at {@code url} for {@code eventTypes}. */
    public static NewEndpoint of(String url, String... eventTypes) {
        return new NewEndpoint(url, Set.of(eventTypes), Optional.empty(), Optional.empty());
    }

    public NewEndpoint withDescription(String d) {
        return new NewEndpoint(url, eventTypes, Optional.ofNullable(d), vendorId);
    }

    /** The vendor this endpoint belongs to (so vendors can be notified), kept for the host's routing. */
    public NewEndpoint withVendor(String vendor) {
        return new NewEndpoint(url, eventTypes, description, Optional.ofNullable(vendor));
    }
}
