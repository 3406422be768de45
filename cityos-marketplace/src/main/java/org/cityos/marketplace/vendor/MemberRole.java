package org.cityos.marketplace.vendor;

import java.util.Locale;

/** What a member may do for a vendor: the owner, admins and staff of the vendor portal. */
public enum MemberRole {
    OWNER, ADMIN, STAFF;

    /** The wire form, e.g. {@code owner}, as policies see it. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
