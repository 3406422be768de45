package org.cityos.marketplace.vendor;

import org.cityos.marketplace.VendorId;

/** A person acting for a vendor, identified by the subject of their {@code Principal}, with a role. */
public record VendorMember(VendorId vendor, String subject, MemberRole role) {
}
