package org.cityos.marketplace.rules;

import java.util.Objects;
import java.util.Optional;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Values;
import org.cityos.marketplace.VendorId;

/**
 * One rule of a tenant's commission rule set: the key it applies to (a product; a vendor and a
 * category; a vendor; a category; or the tenant default) and its {@link CommissionTerms}.
 * A product rule names only the product, and the default names nothing.
 *
 * @throws CityOsException {@code invalid_rule} for a rule that names no key while not being the
 *                         default, a default that names a key, or a product rule that also names
 *                         a vendor or category
 */
public record CommissionRule(Optional<VendorId> vendor, Optional<String> category, Optional<String> product,
                             boolean tenantDefault, CommissionTerms terms) {

    /** How specific a rule is; the most specific matching rule wins. */
    public enum Tier {
        PRODUCT, VENDOR_CATEGORY, VENDOR, CATEGORY, DEFAULT
    }

    /** The identity of a rule within a set: two rules with the same key are an {@code invalid_rule}. */
    public record Key(Optional<VendorId> vendor, Optional<String> category, Optional<String> product,
                      boolean tenantDefault) {
        @Override
        public String toString() {
            if (tenantDefault) {
                return "default";
            }
            StringBuilder b = new StringBuilder();
            product.ifPresent(p -> b.append("product=").append(Values.quote(p)));
            vendor.ifPresent(v -> b.append(b.length() > 0 ? "," : "").append("vendor=").append(v));
            category.ifPresent(c -> b.append(b.length() > 0 ? "," : "").append("category=").append(Values.quote(c)));
            return b.toString();
        }
    }

    public CommissionRule {
        vendor = Objects.requireNonNullElse(vendor, Optional.empty());
        category = Objects.requireNonNullElse(category, Optional.<String>empty()).filter(s -> !s.isEmpty());
        product = Objects.requireNonNullElse(product, Optional.<String>empty()).filter(s -> !s.isEmpty());
        Objects.requireNonNull(terms, "terms");
        boolean keyed = vendor.isPresent() || category.isPresent() || product.isPresent();
        if (tenantDefault && keyed) {
            throw invalid("the default rule names a key (" + new Key(vendor, category, product, false) + ")");
        }
        if (!tenantDefault && !keyed) {
            throw invalid("a rule names no product, vendor or category and is not the default");
        }
        if (product.isPresent() && (vendor.isPresent() || category.isPresent())) {
            throw invalid("the product rule for " + Values.quote(product.get())
                    + " also names a vendor or category; a product rule names only the product");
        }
    }

    /** A rule for one product (the host's product id). */
    public static CommissionRule forProduct(String productId, CommissionTerms terms) {
        return new CommissionRule(Optional.empty(), Optional.empty(), Optional.of(productId), false, terms);
    }

    /** A rule for one vendor's products in one category. */
    public static CommissionRule forVendorCategory(VendorId vendor, String category, CommissionTerms terms) {
        return new CommissionRule(Optional.of(vendor), Optional.of(category), Optional.empty(), false, terms);
    }

    /** A rule for all of one vendor's products. */
    public static CommissionRule forVendor(VendorId vendor, CommissionTerms terms) {
        return new CommissionRule(Optional.of(vendor), Optional.empty(), Optional.empty(), false, terms);
    }

    /** A rule for every product in a category. */
    public static CommissionRule forCategory(String category, CommissionTerms terms) {
        return new CommissionRule(Optional.empty(), Optional.of(category), Optional.empty(), false, terms);
    }

    /** The rule used when nothing more specific matches, replacing the tenant's {@code default_rate_bps}. */
    public static CommissionRule tenantDefault(CommissionTerms terms) {
        return new CommissionRule(Optional.empty(), Optional.empty(), Optional.empty(), true, terms);
    }

    /** This rule's key. */
    public Key key() {
        return new Key(vendor, category, product, tenantDefault);
    }

    /** This rule's precedence tier. */
    public Tier tier() {
        if (tenantDefault) {
            return Tier.DEFAULT;
        }
        if (product.isPresent()) {
            return Tier.PRODUCT;
        }
        if (vendor.isPresent()) {
            return category.isPresent() ? Tier.VENDOR_CATEGORY : Tier.VENDOR;
        }
        return Tier.CATEGORY;
    }

    private static CityOsException invalid(String why) {
        return new CityOsException(ErrorCode.INVALID_RULE, "invalid commission rule: " + why);
    }
}
