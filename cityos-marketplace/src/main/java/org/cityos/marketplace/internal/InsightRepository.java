package org.cityos.marketplace.internal;

import static org.cityos.marketplace.internal.db.Tables.MKT_FULFILLMENT;
import static org.cityos.marketplace.internal.db.Tables.MKT_ORDER;
import static org.cityos.marketplace.internal.db.Tables.MKT_ORDER_LINE;
import static org.cityos.marketplace.internal.db.Tables.MKT_PAYOUT;
import static org.cityos.marketplace.internal.db.Tables.MKT_VENDOR;
import static org.cityos.marketplace.internal.db.Tables.MKT_VENDOR_ORDER;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.values;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.core.TenantContext;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.VendorOrderId;
import org.cityos.marketplace.order.VendorOrderStatus;
import org.cityos.marketplace.payout.PayoutStatus;
import org.cityos.marketplace.portal.Fulfillment;
import org.cityos.marketplace.portal.ProductSales;
import org.cityos.marketplace.portal.VendorSales;
import org.cityos.marketplace.vendor.VendorStatus;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.Row3;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The SQL of the dashboards and reports (internal): grouped in the database, bucketed by joining
 * a {@code VALUES} table of bucket bounds (computed in the tenant's time zone by the caller), and
 * streamed through a cursor for reports.
 */
public final class InsightRepository {
    private static final Field<BigDecimal> ZERO = inline(BigDecimal.ZERO);
    private static final String CANCELED = VendorOrderStatus.CANCELED.name();

    private InsightRepository() {
    }

    /** What buyers paid for a vendor order after refunds: subtotal - discount - refunded basis + shipping. */
    public static Field<Long> sales() {
        var vo = MKT_VENDOR_ORDER;
        return vo.SUBTOTAL.minus(vo.DISCOUNT).minus(vo.REFUNDED_BASIS).plus(vo.SHIPPING);
    }

    /** Sums per bucket: orders, sales, commission, net. */
    public record Sums(long orders, long sales, long commission, long net) {
    }

    /**
     * Figures of vendor orders (of one vendor, or all with {@code vendor} null) placed in each
     * bucket {@code [bounds[i], bounds[i+1])}, canceled ones left out; by bucket index.
     */
    public static Map<Integer, Sums> series(DSLContext tx, TenantContext ctx, UUID vendor, List<OffsetDateTime> bounds) {
        var vo = MKT_VENDOR_ORDER;
        @SuppressWarnings("unchecked")
        Row3<Integer, OffsetDateTime, OffsetDateTime>[] rows = new Row3[bounds.size() - 1];
        for (int i = 0; i + 1 < bounds.size(); i++) {
            rows[i] = row(DSL.val(i), DSL.val(bounds.get(i)), DSL.val(bounds.get(i + 1)));
        }
        Table<Record3<Integer, OffsetDateTime, OffsetDateTime>> b = values(rows).as("b", "i", "lo", "hi");
        Field<Integer> i = b.field("i", Integer.class);
        Field<OffsetDateTime> lo = b.field("lo", OffsetDateTime.class);
        Field<OffsetDateTime> hi = b.field("hi", OffsetDateTime.class);
        Field<BigDecimal> sales = sum(sales());
        Field<BigDecimal> commission = sum(vo.COMMISSION);
        Field<BigDecimal> net = sum(vo.VENDOR_NET);
        Field<Integer> n = count();
        Map<Integer, Sums> out = new java.util.HashMap<>();
        tx.select(i, n, sales, commission, net).from(vo).join(b).on(vo.PLACED_AT.ge(lo), vo.PLACED_AT.lt(hi))
                .where(vo.TENANT_ID.eq(ctx.tenant().value()), vo.STATUS.ne(CANCELED))
                .and(vendor == null ? DSL.noCondition() : vo.VENDOR_ID.eq(vendor))
                .groupBy(i)
                .forEach(r -> out.put(r.get(i), new Sums(r.get(n), amount(r, sales), amount(r, commission), amount(r, net))));
        return out;
    }

    /** A vendor's products by revenue over {@code [from, to)}, best first, at most {@code limit}. */
    public static List<ProductSales> topProducts(DSLContext tx, TenantContext ctx, UUID vendor, OffsetDateTime from,
                                                 OffsetDateTime to, int limit) {
        var vo = MKT_VENDOR_ORDER;
        var l = MKT_ORDER_LINE;
        UUID tenant = ctx.tenant().value();
        Field<BigDecimal> qty = sum(l.QUANTITY.minus(l.REFUNDED_QUANTITY));
        Field<BigDecimal> revenue = sum(l.BASIS.minus(l.REFUNDED_BASIS));
        Field<BigDecimal> commission = sum(l.COMMISSION);
        return tx.select(l.PRODUCT_ID, qty, revenue, commission).from(l)
                .join(vo).on(vo.TENANT_ID.eq(l.TENANT_ID), vo.ID.eq(l.VENDOR_ORDER_ID))
                .where(l.TENANT_ID.eq(tenant), vo.TENANT_ID.eq(tenant), vo.VENDOR_ID.eq(vendor), vo.STATUS.ne(CANCELED),
                        vo.PLACED_AT.ge(from), vo.PLACED_AT.lt(to))
                .groupBy(l.PRODUCT_ID).orderBy(revenue.desc(), l.PRODUCT_ID).limit(limit)
                .fetch(r -> new ProductSales(r.get(l.PRODUCT_ID), amount(r, qty), amount(r, revenue), amount(r, commission)));
    }

    /** Vendors by sales over {@code [from, to)}, best first, at most {@code limit}. */
    public static List<VendorSales> topVendors(DSLContext tx, TenantContext ctx, OffsetDateTime from, OffsetDateTime to,
                                               int limit) {
        var vo = MKT_VENDOR_ORDER;
        var v = MKT_VENDOR;
        UUID tenant = ctx.tenant().value();
        Field<BigDecimal> sales = sum(sales());
        Field<BigDecimal> commission = sum(vo.COMMISSION);
        Field<BigDecimal> net = sum(vo.VENDOR_NET);
        Field<Integer> n = count();
        return tx.select(v.ID, v.HANDLE, n, sales, commission, net).from(vo)
                .join(v).on(v.TENANT_ID.eq(vo.TENANT_ID), v.ID.eq(vo.VENDOR_ID))
                .where(vo.TENANT_ID.eq(tenant), v.TENANT_ID.eq(tenant), vo.STATUS.ne(CANCELED),
                        vo.PLACED_AT.ge(from), vo.PLACED_AT.lt(to))
                .groupBy(v.ID, v.HANDLE).orderBy(sales.desc(), v.HANDLE).limit(limit)
                .fetch(r -> new VendorSales(new VendorId(r.get(v.ID)), r.get(v.HANDLE), r.get(n), amount(r, sales),
                        amount(r, commission), amount(r, net)));
    }

    /** The tenant's vendors counted by status (every status present, zeros included). */
    public static Map<VendorStatus, Long> vendorsByStatus(DSLContext tx, TenantContext ctx) {
        Map<VendorStatus, Long> out = new EnumMap<>(VendorStatus.class);
        for (VendorStatus s : VendorStatus.values()) {
            out.put(s, 0L);
        }
        Field<Integer> n = count();
        tx.select(MKT_VENDOR.STATUS, n).from(MKT_VENDOR).where(MKT_VENDOR.TENANT_ID.eq(ctx.tenant().value()))
                .groupBy(MKT_VENDOR.STATUS)
                .forEach(r -> out.put(VendorStatus.valueOf(r.get(MKT_VENDOR.STATUS)), (long) r.get(n)));
        return out;
    }

    /** A vendor's fulfillments, newest first. */
    public static List<Fulfillment> fulfillments(DSLContext tx, TenantContext ctx, UUID vendor, int limit) {
        var f = MKT_FULFILLMENT;
        var vo = MKT_VENDOR_ORDER;
        var o = MKT_ORDER;
        UUID tenant = ctx.tenant().value();
        return tx.select(f.ID, f.VENDOR_ORDER_ID, o.EXTERNAL_ID, f.CARRIER, f.TRACKING_NUMBER, f.CREATED_AT).from(f)
                .join(vo).on(vo.TENANT_ID.eq(f.TENANT_ID), vo.ID.eq(f.VENDOR_ORDER_ID))
                .join(o).on(o.TENANT_ID.eq(vo.TENANT_ID), o.ID.eq(vo.ORDER_ID))
                .where(f.TENANT_ID.eq(tenant), vo.TENANT_ID.eq(tenant), o.TENANT_ID.eq(tenant), vo.VENDOR_ID.eq(vendor))
                .orderBy(f.CREATED_AT.desc(), f.ID.desc()).limit(limit)
                .fetch(r -> new Fulfillment(r.get(f.ID), new VendorOrderId(r.get(f.VENDOR_ORDER_ID)), r.get(o.EXTERNAL_ID),
                        Optional.ofNullable(r.get(f.CARRIER)), Optional.ofNullable(r.get(f.TRACKING_NUMBER)),
                        r.get(f.CREATED_AT)));
    }

    /** The vendor order ids of a vendor, optionally of one status, oldest first after {@code after}. */
    public static List<UUID> vendorOrderIds(DSLContext tx, TenantContext ctx, UUID vendor, VendorOrderStatus status,
                                            UUID after, int limit) {
        var vo = MKT_VENDOR_ORDER;
        return tx.select(vo.ID).from(vo)
                .where(vo.TENANT_ID.eq(ctx.tenant().value()), vo.VENDOR_ID.eq(vendor))
                .and(status == null ? DSL.noCondition() : vo.STATUS.eq(status.name()))
                .and(after == null ? DSL.noCondition() : vo.ID.gt(after))
                .orderBy(vo.ID).limit(limit).fetch(vo.ID);
    }

    // ------------------------------------------------------------------ reports

    /** The columns of the commission report, in order. */
    public static final List<String> REPORT_COLUMNS = List.of("placed_at", "order_id", "vendor_order_id", "vendor",
            "status", "fulfilled_at", "released_at", "currency", "subtotal", "discount", "refunded", "shipping",
            "sales", "commission", "vendor_net");

    /**
     * A cursor over the vendor orders (of vendors, not the platform's) placed in
     * {@code [from, to)}, optionally of one vendor, by placement time; fetched {@code fetchSize}
     * rows at a time. The caller closes it inside the transaction.
     */
    public static Cursor<? extends Record> reportCursor(DSLContext tx, TenantContext ctx, UUID vendor, OffsetDateTime from,
                                              OffsetDateTime to, int fetchSize) {
        var vo = MKT_VENDOR_ORDER;
        var o = MKT_ORDER;
        var v = MKT_VENDOR;
        UUID tenant = ctx.tenant().value();
        Condition byVendor = vendor == null ? DSL.noCondition() : vo.VENDOR_ID.eq(vendor);
        return tx.select(vo.PLACED_AT, o.EXTERNAL_ID, vo.ID, v.HANDLE, vo.STATUS, vo.FULFILLED_AT, vo.RELEASED_AT,
                        o.CURRENCY, vo.SUBTOTAL, vo.DISCOUNT, vo.REFUNDED_BASIS, vo.SHIPPING,
                        DSL.when(vo.STATUS.eq(CANCELED), inline(0L)).otherwise(sales()).as("sales"),
                        vo.COMMISSION, vo.VENDOR_NET)
                .from(vo)
                .join(o).on(o.TENANT_ID.eq(vo.TENANT_ID), o.ID.eq(vo.ORDER_ID))
                .join(v).on(v.TENANT_ID.eq(vo.TENANT_ID), v.ID.eq(vo.VENDOR_ID))
                .where(vo.TENANT_ID.eq(tenant), o.TENANT_ID.eq(tenant), v.TENANT_ID.eq(tenant),
                        vo.PLACED_AT.ge(from), vo.PLACED_AT.lt(to))
                .and(byVendor)
                .orderBy(vo.PLACED_AT, vo.ID)
                .fetchSize(fetchSize)
                .fetchLazy();
    }

    /** The run time of the vendor's last payout before {@code runAt} that did not fail. */
    public static Optional<OffsetDateTime> previousPayout(DSLContext tx, TenantContext ctx, UUID vendor,
                                                          OffsetDateTime runAt) {
        return Optional.ofNullable(tx.select(max(MKT_PAYOUT.RUN_AT)).from(MKT_PAYOUT)
                .where(MKT_PAYOUT.TENANT_ID.eq(ctx.tenant().value()), MKT_PAYOUT.VENDOR_ID.eq(vendor),
                        MKT_PAYOUT.RUN_AT.lt(runAt), MKT_PAYOUT.STATUS.ne(PayoutStatus.FAILED.name()))
                .fetchOne(0, OffsetDateTime.class));
    }

    /** The vendor's vendor orders released in {@code (after, upTo]}, by release time, for a statement. */
    public static List<Record> released(DSLContext tx, TenantContext ctx, UUID vendor, OffsetDateTime after,
                                        OffsetDateTime upTo) {
        var vo = MKT_VENDOR_ORDER;
        var o = MKT_ORDER;
        UUID tenant = ctx.tenant().value();
        List<Record> out = new ArrayList<>();
        tx.select(vo.ID, o.EXTERNAL_ID, vo.RELEASED_AT, vo.SUBTOTAL, vo.DISCOUNT, vo.REFUNDED_BASIS, vo.SHIPPING,
                        vo.COMMISSION, vo.VENDOR_NET)
                .from(vo).join(o).on(o.TENANT_ID.eq(vo.TENANT_ID), o.ID.eq(vo.ORDER_ID))
                .where(vo.TENANT_ID.eq(tenant), o.TENANT_ID.eq(tenant), vo.VENDOR_ID.eq(vendor),
                        vo.STATUS.eq(VendorOrderStatus.FULFILLED.name()), vo.RELEASED_AT.le(upTo))
                .and(after == null ? DSL.noCondition() : vo.RELEASED_AT.gt(after))
                .orderBy(vo.RELEASED_AT, vo.ID)
                .forEach(out::add);
        return out;
    }

    private static long amount(Record r, Field<BigDecimal> f) {
        BigDecimal v = r.get(f);
        return v == null ? 0 : v.longValueExact();
    }

}
