package org.cityos.marketplace.catalog;

import java.util.Optional;

import org.cityos.marketplace.VendorId;

/**
 * Which vendor sells a host product (empty: the platform's own product) and the product's
 * category, which commission rules match on.
 */
public record ProductLink(String productId, Optional<VendorId> vendor, Optional<String> category) {
}
