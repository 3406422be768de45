package org.cityos.marketplace.vendor;

/** A vendor application: the handle the host knows it by (unique in the tenant) and its display name. */
public record NewVendor(String handle, String name) {
    public static NewVendor of(String handle, String name) {
        return new NewVendor(handle, name);
    }
}
