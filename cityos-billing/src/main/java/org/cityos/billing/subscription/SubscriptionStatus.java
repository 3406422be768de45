package org.cityos.billing.subscription;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;

/**
 * The subscription lifecycle: {@code trialing -> active | canceled};
 * {@code active -> past_due | paused | canceled}; {@code past_due -> active | unpaid | canceled};
 * {@code paused -> active | canceled}; {@code unpaid -> active | canceled}. Any other move is
 * {@code invalid_transition}.
 */
public enum SubscriptionStatus {
    TRIALING, ACTIVE, PAST_DUE, PAUSED, UNPAID, CANCELED;

    /** Whether the lifecycle allows moving from this status to {@code to}. */
    public boolean canMoveTo(SubscriptionStatus to) {
        return next().contains(to);
    }

    private Set<SubscriptionStatus> next() {
        return switch (this) {
            case TRIALING -> EnumSet.of(ACTIVE, CANCELED);
            case ACTIVE -> EnumSet.of(PAST_DUE, PAUSED, CANCELED);
            case PAST_DUE -> EnumSet.of(ACTIVE, UNPAID, CANCELED);
            case PAUSED, UNPAID -> EnumSet.of(ACTIVE, CANCELED);
            case CANCELED -> EnumSet.noneOf(SubscriptionStatus.class);
        };
    }

    /** Raises {@code invalid_transition} naming both statuses unless the move is allowed. */
    public void checkMoveTo(SubscriptionStatus to, Object subscription) {
        if (!canMoveTo(to)) {
            throw new CityOsException(ErrorCode.INVALID_TRANSITION, "subscription '" + subscription + "' cannot go from "
                    + code() + " to " + to.code());
        }
    }

    /** The wire form, e.g. {@code past_due}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SubscriptionStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
