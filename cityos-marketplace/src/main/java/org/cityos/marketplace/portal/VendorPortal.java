package org.cityos.marketplace.portal;

import static org.cityos.marketplace.internal.db.Tables.MKT_PRODUCT;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Ids;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.Values;
import org.cityos.core.tenancy.Validate;
import org.cityos.marketplace.DateRange;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.VendorOrderId;
import org.cityos.marketplace.catalog.ProductLink;
import org.cityos.marketplace.internal.InsightRepository;
import org.cityos.marketplace.internal.Market;
import org.cityos.marketplace.internal.OrderRepository;
import org.cityos.marketplace.internal.PayoutRepository;
import org.cityos.marketplace.internal.Text;
import org.cityos.marketplace.internal.VendorRepository;
import org.cityos.marketplace.internal.db.tables.records.MktProductRecord;
import org.cityos.marketplace.internal.db.tables.records.MktVendorOrderRecord;
import org.cityos.marketplace.order.Orders;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.order.VendorOrder;
import org.cityos.marketplace.order.VendorOrderStatus;
import org.cityos.marketplace.payout.Payout;
import org.cityos.marketplace.payout.Payouts;
import org.cityos.marketplace.payout.VendorBalance;
import org.cityos.marketplace.vendor.Vendor;
import org.jooq.DSLContext;

/**
 * The vendor portal: what a member of a vendor sees and does for that vendor, every call naming
 * the vendor and checked by the {@link VendorAccess} (default: membership by role; or
 * {@link VendorAccess#authorizedBy} an {@code Authorizer}), inside the call's transaction. A
 * vendor's member never sees another vendor's data ({@code forbidden}), and an id of another
 * tenant is {@code unknown_vendor} (the tenant guard and row-level security hide it) before the
 * access is asked.
 */
public final class VendorPortal {
    /** The most buckets one series may have (e.g. days over about two and a half years). */
    public static final int MAX_BUCKETS = 1000;
    private final Market market;
    private final VendorAccess access;
    private final Orders orders;
    private final Payouts payouts;

    /** For {@code Marketplace}; hosts get this service from {@code Marketplace.vendorPortal()}. */
    public VendorPortal(Market market, VendorAccess access, Orders orders, Payouts payouts) {
        this.market = market;
        this.access = access;
        this.orders = orders;
        this.payouts = payouts;
    }

    private Vendor check(DSLContext tx, TenantContext ctx, VendorId vendor, VendorAction action) {
        Validate.required("vendor id", vendor);
        Vendor v = VendorRepository.require(tx, ctx, vendor);
        var role = VendorRepository.memberRole(tx, ctx, vendor.value(), ctx.principal().subject());
        if (!access.permits(ctx, v, role, action)) {
            throw new CityOsException(ErrorCode.FORBIDDEN, ctx.principal().actor() + " may not "
                    + action.wire().replace('_', ' ') + " of vendor " + Values.quote(v.handle())
                    + (role.isEmpty() ? ": not a member of it" : " as " + role.get().wire()));
        }
        return v;
    }

    // ------------------------------------------------------------------ products

    /** The vendor's products, by product id. */
    public List<ProductLink> products(TenantContext ctx, VendorId vendor) {
        return market.read(ctx, tx -> {
            check(tx, ctx, vendor, VendorAction.VIEW_PRODUCTS);
            return tx.selectFrom(MKT_PRODUCT)
                    .where(MKT_PRODUCT.TENANT_ID.eq(ctx.tenant().value()), MKT_PRODUCT.VENDOR_ID.eq(vendor.value()))
                    .orderBy(MKT_PRODUCT.PRODUCT_ID).fetch(VendorPortal::map);
        });
    }

    /**
     * Links a host product to the vendor (or changes its category).
     *
     * @throws CityOsException {@code forbidden} when the product belongs to another vendor or the platform
     */
    public ProductLink linkProduct(TenantContext ctx, VendorId vendor, String productId, Optional<String> category) {
        String product = Text.id("product id", productId);
        Optional<String> cat = Optional.ofNullable(category).flatMap(c -> c).map(c -> Text.key("category", c));
        return market.write(ctx, "product.linked", "product", product, tx -> {
            check(tx, ctx, vendor, VendorAction.MANAGE_PRODUCTS);
            Optional<MktProductRecord> before = find(tx, ctx, product);
            OffsetDateTime now = market.now();
            if (before.isPresent()) {
                if (!vendor.value().equals(before.get().getVendorId())) {
                    throw new CityOsException(ErrorCode.FORBIDDEN, "product " + Values.quote(product)
                            + " belongs to another seller");
                }
                tx.update(MKT_PRODUCT).set(MKT_PRODUCT.CATEGORY, cat.orElse(null)).set(MKT_PRODUCT.UPDATED_AT, now)
                        .where(MKT_PRODUCT.TENANT_ID.eq(ctx.tenant().value()), MKT_PRODUCT.PRODUCT_ID.eq(product)).execute();
            } else {
                tx.insertInto(MKT_PRODUCT).set(MKT_PRODUCT.TENANT_ID, ctx.tenant().value())
                        .set(MKT_PRODUCT.PRODUCT_ID, product).set(MKT_PRODUCT.VENDOR_ID, vendor.value())
                        .set(MKT_PRODUCT.CATEGORY, cat.orElse(null))
                        .set(MKT_PRODUCT.CREATED_AT, now).set(MKT_PRODUCT.UPDATED_AT, now).execute();
            }
            ProductLink after = new ProductLink(product, Optional.of(vendor), cat);
            market.applied(tx, ctx, "product.linked", "product", product, before.map(VendorPortal::map).orElse(null), after);
            return after;
        });
    }

    /** Unlinks one of the vendor's products; {@code unknown_product} when it is not the vendor's. */
    public void unlinkProduct(TenantContext ctx, VendorId vendor, String productId) {
        String product = Text.id("product id", productId);
        market.write(ctx, "product.unlinked", "product", product, tx -> {
            check(tx, ctx, vendor, VendorAction.MANAGE_PRODUCTS);
            MktProductRecord before = find(tx, ctx, product).filter(p -> vendor.value().equals(p.getVendorId()))
                    .orElseThrow(() -> new CityOsException(ErrorCode.UNKNOWN_PRODUCT, "vendor has no product "
                            + Values.quote(product)));
            tx.deleteFrom(MKT_PRODUCT)
                    .where(MKT_PRODUCT.TENANT_ID.eq(ctx.tenant().value()), MKT_PRODUCT.PRODUCT_ID.eq(product)).execute();
            market.applied(tx, ctx, "product.unlinked", "product", product, map(before), null);
            return null;
        });
    }

    // ------------------------------------------------------------------ orders

    /** The vendor's orders of a status (all when empty), oldest first, with their lines, keyset-paginated. */
    public Page<VendorOrder> orders(TenantContext ctx, VendorId vendor, Optional<VendorOrderStatus> status,
                                    PageRequest page) {
        Validate.required("page", page);
        return market.read(ctx, tx -> {
            check(tx, ctx, vendor, VendorAction.VIEW_ORDERS);
            UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
            List<UUID> ids = InsightRepository.vendorOrderIds(tx, ctx, vendor.value(), status.orElse(null), after,
                    page.limit() + 1);
            boolean more = ids.size() > page.limit();
            List<UUID> shown = more ? ids.subList(0, page.limit()) : ids;
            List<VendorOrder> items = OrderRepository.vendorOrders(tx, ctx, shown);
            return new Page<>(items, more ? Optional.of(shown.get(shown.size() - 1).toString()) : Optional.empty());
        });
    }

    /** The vendor's orders still to fulfil ({@code placed}), oldest first, with their lines. */
    public Page<VendorOrder> ordersToFulfill(TenantContext ctx, VendorId vendor, PageRequest page) {
        return orders(ctx, vendor, Optional.of(VendorOrderStatus.PLACED), page);
    }

    /**
     * Fulfils one of the vendor's orders (creates its fulfillment with the shipment).
     *
     * @throws CityOsException {@code forbidden}; {@code not_found} when it is not the vendor's;
     *                         {@code invalid_transition} unless it is placed
     */
    public VendorOrder fulfill(TenantContext ctx, VendorId vendor, VendorOrderId id, Shipment shipment) {
        Validate.required("vendor order id", id);
        market.read(ctx, tx -> {
            check(tx, ctx, vendor, VendorAction.FULFILL_ORDERS);
            Optional<MktVendorOrderRecord> vo = OrderRepository.lockVendorOrder(tx, ctx, id);
            if (vo.isEmpty() || !vendor.value().equals(vo.get().getVendorId())) {
                throw CityOsException.notFound("vendor order of this vendor", id);
            }
            return null;
        });
        return orders.fulfill(ctx, id, shipment);
    }

    /** The vendor's fulfillments, newest first, at most {@code limit} (1-500). */
    public List<Fulfillment> fulfillments(TenantContext ctx, VendorId vendor, int limit) {
        if (limit < 1 || limit > 500) {
            throw CityOsException.invalid("limit", limit, "must be 1-500");
        }
        return market.read(ctx, tx -> {
            check(tx, ctx, vendor, VendorAction.VIEW_ORDERS);
            return InsightRepository.fulfillments(tx, ctx, vendor.value(), limit);
        });
    }

    // ------------------------------------------------------------------ earnings

    /** The earnings dashboard's balances now: pending, available, in transit and paid. */
    public VendorBalance earnings(TenantContext ctx, VendorId vendor) {
        return market.read(ctx, tx -> {
            check(tx, ctx, vendor, VendorAction.VIEW_EARNINGS);
            return PayoutRepository.balances(tx, ctx, market.now(), vendor.value()).get(0).balance();
        });
    }

    /**
     * Sales, commission and net of the vendor's orders placed in {@code range}, by day, week or
     * month in the tenant's time zone; every bucket is present, empty ones as zeros.
     *
     * @throws CityOsException {@code invalid_argument} for more than {@link #MAX_BUCKETS} buckets
     */
    public List<EarningsBucket> earningsSeries(TenantContext ctx, VendorId vendor, Granularity granularity,
                                               DateRange range) {
        Validate.required("granularity", granularity);
        Validate.required("range", range);
        return market.read(ctx, tx -> {
            check(tx, ctx, vendor, VendorAction.VIEW_EARNINGS);
            return series(tx, ctx, vendor.value(), granularity, range, market.zone(tx, ctx));
        });
    }

    /** Buckets of {@code range} in {@code zone} and their sums (internal to the module's services). */
    static List<EarningsBucket> series(DSLContext tx, TenantContext ctx, UUID vendor, Granularity granularity,
                                       DateRange range, ZoneId zone) {
        List<LocalDate> starts = granularity.buckets(range);
        if (starts.size() > MAX_BUCKETS) {
            throw CityOsException.invalid("range", range, "has " + starts.size() + " " + granularity.name().toLowerCase(
                    java.util.Locale.ROOT) + " buckets; at most " + MAX_BUCKETS);
        }
        List<OffsetDateTime> bounds = new ArrayList<>();
        for (LocalDate s : starts) {
            LocalDate lo = s.isBefore(range.from()) ? range.from() : s;
            bounds.add(lo.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC));
        }
        bounds.add(range.end(zone));
        Map<Integer, InsightRepository.Sums> sums = InsightRepository.series(tx, ctx, vendor, bounds);
        List<EarningsBucket> out = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            InsightRepository.Sums s = sums.getOrDefault(i, new InsightRepository.Sums(0, 0, 0, 0));
            out.add(new EarningsBucket(starts.get(i), s.orders(), s.sales(), s.commission(), s.net()));
        }
        return out;
    }

    /** The vendor's best products by revenue over {@code range}, at most {@code limit} (1-100). */
    public List<ProductSales> topProducts(TenantContext ctx, VendorId vendor, DateRange range, int limit) {
        Validate.required("range", range);
        if (limit < 1 || limit > 100) {
            throw CityOsException.invalid("limit", limit, "must be 1-100");
        }
        return market.read(ctx, tx -> {
            check(tx, ctx, vendor, VendorAction.VIEW_EARNINGS);
            ZoneId zone = market.zone(tx, ctx);
            return InsightRepository.topProducts(tx, ctx, vendor.value(), range.start(zone), range.end(zone), limit);
        });
    }

    // ------------------------------------------------------------------ payouts

    /** The vendor's payout history, by run time. */
    public List<Payout> payouts(TenantContext ctx, VendorId vendor) {
        return market.read(ctx, tx -> {
            check(tx, ctx, vendor, VendorAction.VIEW_PAYOUTS);
            return PayoutRepository.list(tx, ctx, vendor.value());
        });
    }

    /** Requests a payout of the vendor's available balance now; see {@code Payouts.request}. */
    public Payout requestPayout(TenantContext ctx, VendorId vendor) {
        market.read(ctx, tx -> check(tx, ctx, vendor, VendorAction.REQUEST_PAYOUT));
        return payouts.request(ctx, vendor);
    }

    private static Optional<MktProductRecord> find(DSLContext tx, TenantContext ctx, String product) {
        return tx.selectFrom(MKT_PRODUCT)
                .where(MKT_PRODUCT.TENANT_ID.eq(ctx.tenant().value()), MKT_PRODUCT.PRODUCT_ID.eq(product))
                .fetchOptional();
    }

    private static ProductLink map(MktProductRecord r) {
        return new ProductLink(r.getProductId(), Optional.ofNullable(r.getVendorId()).map(VendorId::new),
                Optional.ofNullable(r.getCategory()));
    }
}
