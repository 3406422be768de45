package org.cityos.marketplace;

import java.util.Objects;

/**
 * How a request names a vendor: by the marketplace's {@link VendorId}, by the host's handle for
 * it, or as the platform itself (the seller of products that have no vendor). A named vendor
 * that does not exist in the tenant is {@code unknown_vendor}, reported where the spec's error
 * precedence puts it.
 */
public sealed interface VendorRef {
    /** A vendor named by its id. */
    static VendorRef of(VendorId id) {
        return new ById(id);
    }

    /** A vendor named by its handle (the host's id for it). */
    static VendorRef handle(String handle) {
        return new ByHandle(handle);
    }

    /** The platform: the seller of products linked to no vendor. */
    static VendorRef platform() {
        return Platform.INSTANCE;
    }

    /** A vendor named by id. */
    record ById(VendorId id) implements VendorRef {
        public ById {
            Objects.requireNonNull(id, "vendor id");
        }

        @Override
        public String toString() {
            return id.toString();
        }
    }

    /** A vendor named by handle. */
    record ByHandle(String handle) implements VendorRef {
        public ByHandle {
            Objects.requireNonNull(handle, "vendor handle");
        }

        @Override
        public String toString() {
            return handle;
        }
    }

    /** The platform. */
    enum Platform implements VendorRef {
        INSTANCE;

        @Override
        public String toString() {
            return "platform";
        }
    }
}
