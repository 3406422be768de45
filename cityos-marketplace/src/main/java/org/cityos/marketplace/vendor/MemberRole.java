package org.cityos.marketplace.vendor;

/** What a member may do for a vendor: the owner, admins and staff of the vendor portal. */
public enum MemberRole {
    OWNER, ADMIN, STAFF
}
