package org.cityos.marketplace.portal;

import java.util.List;
import java.util.Map;

import org.cityos.marketplace.DateRange;
import org.cityos.marketplace.vendor.VendorStatus;

/**
 * The operator's dashboard over a range: GMV (what buyers paid for orders placed in the range, net
 * of refunds and cancellations, shipping included, platform lines too), commission revenue, the
 * number of vendor orders, vendors by current status, and the top vendors by sales.
 */
public record MarketplaceFigures(DateRange range, String currency, long gmv, long commission, long vendorOrders,
                                 Map<VendorStatus, Long> vendorsByStatus, List<VendorSales> topVendors) {
    public MarketplaceFigures {
        vendorsByStatus = Map.copyOf(vendorsByStatus);
        topVendors = List.copyOf(topVendors);
    }
}
