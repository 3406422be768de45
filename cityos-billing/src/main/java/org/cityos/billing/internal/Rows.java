package org.cityos.billing.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** Conversions between the API's {@link Instant}s and the columns' {@link OffsetDateTime}s (UTC). */
public final class Rows {
    private Rows() {
    }

    public static OffsetDateTime odt(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    public static Instant inst(OffsetDateTime o) {
        return o == null ? null : o.toInstant();
    }

    public static Optional<Instant> opt(OffsetDateTime o) {
        return Optional.ofNullable(inst(o));
    }
}
