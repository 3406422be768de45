package org.cityos.marketplace.commission;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import org.cityos.marketplace.VendorRef;

/**
 * A commission rule as a host states it, naming its vendor by {@link VendorRef}: the key (a
 * product; a vendor and a category; a vendor; a category; or the tenant default) and the terms.
 * Checked when the set is replaced ({@code unknown_vendor}, then {@code invalid_rule}).
 */
public record NewCommissionRule(Optional<VendorRef> vendor, Optional<String> category, Optional<String> product,
                                boolean tenantDefault, int rateBps, long flat, OptionalLong min, OptionalLong max) {
    public NewCommissionRule {
        vendor = Objects.requireNonNullElse(vendor, Optional.empty());
        category = Objects.requireNonNullElse(category, Optional.empty());
        product = Objects.requireNonNullElse(product, Optional.empty());
        min = Objects.requireNonNullElse(min, OptionalLong.empty());
        max = Objects.requireNonNullElse(max, OptionalLong.empty());
    }

    /** A rule for one host product. */
    public static NewCommissionRule forProduct(String productId, int rateBps) {
        return new NewCommissionRule(Optional.empty(), Optional.empty(), Optional.of(productId), false, rateBps, 0,
                OptionalLong.empty(), OptionalLong.empty());
    }

    /** A rule for one vendor's products in one category. */
    public static NewCommissionRule forVendorCategory(VendorRef vendor, String category, int rateBps) {
        return new NewCommissionRule(Optional.of(vendor), Optional.of(category), Optional.empty(), false, rateBps, 0,
                OptionalLong.empty(), OptionalLong.empty());
    }

    /** A rule for all of one vendor's products. */
    public static NewCommissionRule forVendor(VendorRef vendor, int rateBps) {
        return new NewCommissionRule(Optional.of(vendor), Optional.empty(), Optional.empty(), false, rateBps, 0,
                OptionalLong.empty(), OptionalLong.empty());
    }

    /** A rule for every product in a category. */
    public static NewCommissionRule forCategory(String category, int rateBps) {
        return new NewCommissionRule(Optional.empty(), Optional.of(category), Optional.empty(), false, rateBps, 0,
                OptionalLong.empty(), OptionalLong.empty());
    }

    /** The tenant default rule, used when nothing more specific matches (replaces {@code default_rate_bps}). */
    public static NewCommissionRule tenantDefault(int rateBps) {
        return new NewCommissionRule(Optional.empty(), Optional.empty(), Optional.empty(), true, rateBps, 0,
                OptionalLong.empty(), OptionalLong.empty());
    }

    /** This rule with a flat fee per line. */
    public NewCommissionRule withFlat(long amount) {
        return new NewCommissionRule(vendor, category, product, tenantDefault, rateBps, amount, min, max);
    }

    /** This rule with a minimum commission per line. */
    public NewCommissionRule withMin(long amount) {
        return new NewCommissionRule(vendor, category, product, tenantDefault, rateBps, flat, OptionalLong.of(amount), max);
    }

    /** This rule with a maximum commission per line. */
    public NewCommissionRule withMax(long amount) {
        return new NewCommissionRule(vendor, category, product, tenantDefault, rateBps, flat, min, OptionalLong.of(amount));
    }
}
