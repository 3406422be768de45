package org.cityos.marketplace.vendor;

import java.time.OffsetDateTime;

import org.cityos.marketplace.VendorId;

/** A vendor of a tenant's marketplace: its id, the host's handle for it, its name and lifecycle status. */
public record Vendor(VendorId id, String handle, String name, VendorStatus status, OffsetDateTime createdAt,
                     OffsetDateTime updatedAt) {
}
