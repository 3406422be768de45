package org.cityos.billing.b2b.company;

import java.util.Locale;

/** {@code pending -> accepted | revoked | expired}. */
public enum InvitationStatus {
    PENDING, ACCEPTED, REVOKED, EXPIRED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InvitationStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
