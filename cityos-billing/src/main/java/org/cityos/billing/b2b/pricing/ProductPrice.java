package org.cityos.billing.b2b.pricing;

import org.cityos.billing.b2b.internal.Checks;
import org.cityos.billing.b2b.internal.Ladder;
import org.cityos.billing.rules.Pricing;
import org.cityos.core.tenancy.Validate;

/**
 * A product's price in a price list, as a plan prices a quantity ({@link Pricing#flat},
 * {@link Pricing#volume}, {@link Pricing#graduated}, tiers with optional flat fees); a list may
 * hold at most 1,000 tiers per product.
 */
public record ProductPrice(String productId, Pricing pricing) {
    /** The most tiers one product's price may have. */
    public static final int MAX_TIERS = 1000;

    public ProductPrice {
        Checks.id("product id", productId);
        Validate.required("pricing", pricing);
        int tiers = Ladder.tiers(pricing).size();
        if (tiers > MAX_TIERS) {
            throw org.cityos.core.CityOsException.invalid("tiers of product '" + productId + "'", tiers,
                    "are more than " + MAX_TIERS);
        }
    }

    public static ProductPrice of(String productId, Pricing pricing) {
        return new ProductPrice(productId, pricing);
    }
}
