package org.cityos.marketplace.portal;

import java.time.ZoneId;
import java.util.List;

import org.cityos.core.CityOsException;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Validate;
import org.cityos.marketplace.DateRange;
import org.cityos.marketplace.internal.InsightRepository;
import org.cityos.marketplace.internal.Market;

/**
 * The marketplace operator's figures over a range of dates in the tenant's time zone: GMV,
 * commission revenue, vendors by status, top vendors, and the same by day, week or month.
 * Vendor-portal users are refused ({@code forbidden}).
 */
public final class OperatorDashboard {
    private final Market market;

    /** For {@code Marketplace}; hosts get this service from {@code Marketplace.operatorDashboard()}. */
    public OperatorDashboard(Market market) {
        this.market = market;
    }

    /**
     * The dashboard's figures over {@code range} with the {@code top} best vendors by sales (1-100).
     *
     * @throws CityOsException {@code unknown_tenant}, {@code forbidden}, {@code invalid_argument}
     */
    public MarketplaceFigures figures(TenantContext ctx, DateRange range, int top) {
        Validate.required("range", range);
        if (top < 1 || top > 100) {
            throw CityOsException.invalid("top", top, "must be 1-100");
        }
        return market.read(ctx, tx -> {
            var settings = market.settings(tx, ctx);
            Market.requireOperator(ctx, "read the marketplace dashboard");
            ZoneId zone = market.zone(tx, ctx);
            List<EarningsBucket> all = VendorPortal.series(tx, ctx, null, Granularity.MONTH, range, zone);
            long gmv = 0;
            long commission = 0;
            long orders = 0;
            for (EarningsBucket b : all) {
                gmv += b.sales();
                commission += b.commission();
                orders += b.orders();
            }
            return new MarketplaceFigures(range, settings.currency(), gmv, commission, orders,
                    InsightRepository.vendorsByStatus(tx, ctx),
                    InsightRepository.topVendors(tx, ctx, range.start(zone), range.end(zone), top));
        });
    }

    /** GMV ({@code sales}), commission and vendors' net of all vendor orders by day, week or month. */
    public List<EarningsBucket> series(TenantContext ctx, Granularity granularity, DateRange range) {
        Validate.required("granularity", granularity);
        Validate.required("range", range);
        return market.read(ctx, tx -> {
            market.requireTenant(tx, ctx);
            Market.requireOperator(ctx, "read the marketplace dashboard");
            return VendorPortal.series(tx, ctx, null, granularity, range, market.zone(tx, ctx));
        });
    }
}
