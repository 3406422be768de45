package org.cityos.marketplace.internal;

import static org.cityos.marketplace.internal.db.Tables.MKT_FULFILLMENT;
import static org.cityos.marketplace.internal.db.Tables.MKT_ORDER;
import static org.cityos.marketplace.internal.db.Tables.MKT_ORDER_LINE;
import static org.cityos.marketplace.internal.db.Tables.MKT_PRODUCT;
import static org.cityos.marketplace.internal.db.Tables.MKT_REFUND;
import static org.cityos.marketplace.internal.db.Tables.MKT_VENDOR_ORDER;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.cityos.core.TenantContext;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.VendorOrderId;
import org.cityos.marketplace.internal.db.tables.records.MktFulfillmentRecord;
import org.cityos.marketplace.internal.db.tables.records.MktOrderLineRecord;
import org.cityos.marketplace.internal.db.tables.records.MktOrderRecord;
import org.cityos.marketplace.internal.db.tables.records.MktProductRecord;
import org.cityos.marketplace.internal.db.tables.records.MktVendorOrderRecord;
import org.cityos.marketplace.order.Order;
import org.cityos.marketplace.order.OrderLine;
import org.cityos.marketplace.order.VendorOrder;
import org.cityos.marketplace.order.VendorOrderStatus;
import org.cityos.marketplace.rules.CommissionRule;
import org.cityos.marketplace.rules.CommissionTerms;
import org.cityos.marketplace.rules.OrderSplit;
import org.cityos.marketplace.rules.RuleSets;
import org.jooq.Condition;
import org.jooq.DSLContext;

/** The SQL of the order aggregate: orders, vendor orders, lines, fulfillments and refunds (internal). */
public final class OrderRepository {
    private OrderRepository() {
    }

    public static Optional<MktOrderRecord> findOrder(DSLContext tx, TenantContext ctx, String externalId) {
        return tx.selectFrom(MKT_ORDER)
                .where(MKT_ORDER.TENANT_ID.eq(ctx.tenant().value()), MKT_ORDER.EXTERNAL_ID.eq(externalId))
                .fetchOptional();
    }

    /** The linked products among {@code productIds}, by product id (one query). */
    public static Map<String, MktProductRecord> products(DSLContext tx, TenantContext ctx, Collection<String> productIds) {
        if (productIds.isEmpty()) {
            return Map.of();
        }
        return tx.selectFrom(MKT_PRODUCT)
                .where(MKT_PRODUCT.TENANT_ID.eq(ctx.tenant().value()), MKT_PRODUCT.PRODUCT_ID.in(productIds))
                .fetch().stream().collect(Collectors.toMap(MktProductRecord::getProductId, r -> r));
    }

    public static void insertOrder(DSLContext tx, TenantContext ctx, UUID id, String externalId, String currency,
                                   long subtotal, long discount, long shipping, long total, OffsetDateTime now) {
        tx.insertInto(MKT_ORDER)
                .set(MKT_ORDER.TENANT_ID, ctx.tenant().value()).set(MKT_ORDER.ID, id)
                .set(MKT_ORDER.EXTERNAL_ID, externalId).set(MKT_ORDER.CURRENCY, currency)
                .set(MKT_ORDER.SUBTOTAL, subtotal).set(MKT_ORDER.DISCOUNT, discount)
                .set(MKT_ORDER.SHIPPING, shipping).set(MKT_ORDER.TOTAL, total)
                .set(MKT_ORDER.PLACED_AT, now).execute();
    }

    public static void insertVendorOrder(DSLContext tx, TenantContext ctx, UUID id, UUID orderId, int seq,
                                         OrderSplit.Part part, OffsetDateTime now) {
        tx.insertInto(MKT_VENDOR_ORDER)
                .set(MKT_VENDOR_ORDER.TENANT_ID, ctx.tenant().value()).set(MKT_VENDOR_ORDER.ID, id)
                .set(MKT_VENDOR_ORDER.ORDER_ID, orderId).set(MKT_VENDOR_ORDER.SEQ_NO, seq)
                .set(MKT_VENDOR_ORDER.VENDOR_ID, part.vendor().map(VendorId::value).orElse(null))
                .set(MKT_VENDOR_ORDER.STATUS, VendorOrderStatus.PLACED.name())
                .set(MKT_VENDOR_ORDER.SUBTOTAL, part.subtotal()).set(MKT_VENDOR_ORDER.DISCOUNT, part.discount())
                .set(MKT_VENDOR_ORDER.SHIPPING, part.shipping()).set(MKT_VENDOR_ORDER.COMMISSION, part.commission())
                .set(MKT_VENDOR_ORDER.REFUNDED_BASIS, 0L).set(MKT_VENDOR_ORDER.VENDOR_NET, part.vendorNet())
                .set(MKT_VENDOR_ORDER.PLACED_AT, now).set(MKT_VENDOR_ORDER.UPDATED_AT, now).execute();
    }

    /** One line to insert: its input, where it went in the split, and the rule frozen on it. */
    public record NewLine(int lineNo, String externalId, String productId, Optional<String> category,
                          long quantity, long unitPrice, Optional<VendorId> vendor, UUID vendorOrderId,
                          OrderSplit.LineFigures figures, Optional<RuleSets.Applied> rule) {
    }

    public static void insertLine(DSLContext tx, TenantContext ctx, UUID orderId, NewLine l) {
        Optional<CommissionTerms> t = l.rule().map(RuleSets.Applied::terms);
        tx.insertInto(MKT_ORDER_LINE)
                .set(MKT_ORDER_LINE.TENANT_ID, ctx.tenant().value()).set(MKT_ORDER_LINE.ORDER_ID, orderId)
                .set(MKT_ORDER_LINE.LINE_NO, l.lineNo()).set(MKT_ORDER_LINE.EXTERNAL_ID, l.externalId())
                .set(MKT_ORDER_LINE.VENDOR_ORDER_ID, l.vendorOrderId()).set(MKT_ORDER_LINE.PRODUCT_ID, l.productId())
                .set(MKT_ORDER_LINE.VENDOR_ID, l.vendor().map(VendorId::value).orElse(null))
                .set(MKT_ORDER_LINE.CATEGORY, l.category().orElse(null))
                .set(MKT_ORDER_LINE.QUANTITY, l.quantity()).set(MKT_ORDER_LINE.UNIT_PRICE, l.unitPrice())
                .set(MKT_ORDER_LINE.GROSS, l.figures().gross()).set(MKT_ORDER_LINE.DISCOUNT, l.figures().discount())
                .set(MKT_ORDER_LINE.BASIS, l.figures().basis())
                .set(MKT_ORDER_LINE.RULE_TIER, l.rule().map(r -> r.tier().name()).orElse(null))
                .set(MKT_ORDER_LINE.RATE_BPS, t.map(CommissionTerms::rateBps).orElse(null))
                .set(MKT_ORDER_LINE.FLAT_FEE, t.map(CommissionTerms::flat).orElse(null))
                .set(MKT_ORDER_LINE.MIN_FEE, t.filter(x -> x.min().isPresent()).map(x -> x.min().getAsLong()).orElse(null))
                .set(MKT_ORDER_LINE.MAX_FEE, t.filter(x -> x.max().isPresent()).map(x -> x.max().getAsLong()).orElse(null))
                .set(MKT_ORDER_LINE.REFUNDED_QUANTITY, 0L).set(MKT_ORDER_LINE.REFUNDED_BASIS, 0L)
                .set(MKT_ORDER_LINE.COMMISSION, l.figures().commission()).execute();
    }

    /** The whole order with its vendor orders and lines (three queries), if it exists. */
    public static Optional<Order> load(DSLContext tx, TenantContext ctx, String externalId) {
        Optional<MktOrderRecord> order = findOrder(tx, ctx, externalId);
        if (order.isEmpty()) {
            return Optional.empty();
        }
        MktOrderRecord o = order.get();
        Map<UUID, List<OrderLine>> lines = tx.selectFrom(MKT_ORDER_LINE)
                .where(MKT_ORDER_LINE.TENANT_ID.eq(ctx.tenant().value()), MKT_ORDER_LINE.ORDER_ID.eq(o.getId()))
                .orderBy(MKT_ORDER_LINE.LINE_NO).fetch().stream()
                .collect(Collectors.groupingBy(MktOrderLineRecord::getVendorOrderId, LinkedHashMap::new,
                        Collectors.mapping(OrderRepository::mapLine, Collectors.toList())));
        List<VendorOrder> vendorOrders = tx.selectFrom(MKT_VENDOR_ORDER)
                .where(MKT_VENDOR_ORDER.TENANT_ID.eq(ctx.tenant().value()), MKT_VENDOR_ORDER.ORDER_ID.eq(o.getId()))
                .orderBy(MKT_VENDOR_ORDER.SEQ_NO).fetch()
                .map(r -> mapVendorOrder(r, o.getExternalId(), lines.getOrDefault(r.getId(), List.of())));
        return Optional.of(new Order(o.getExternalId(), o.getCurrency(), o.getSubtotal(), o.getDiscount(),
                o.getShipping(), o.getTotal(), o.getPlacedAt(), vendorOrders));
    }

    /** Vendor orders with their lines and order ids, in the order of {@code ids} (three queries). */
    public static List<VendorOrder> vendorOrders(DSLContext tx, TenantContext ctx, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        UUID tenant = ctx.tenant().value();
        Map<UUID, MktVendorOrderRecord> rows = tx.selectFrom(MKT_VENDOR_ORDER)
                .where(MKT_VENDOR_ORDER.TENANT_ID.eq(tenant), MKT_VENDOR_ORDER.ID.in(ids)).fetchMap(MKT_VENDOR_ORDER.ID);
        Map<UUID, List<OrderLine>> lines = tx.selectFrom(MKT_ORDER_LINE)
                .where(MKT_ORDER_LINE.TENANT_ID.eq(tenant), MKT_ORDER_LINE.VENDOR_ORDER_ID.in(ids))
                .orderBy(MKT_ORDER_LINE.LINE_NO).fetch().stream()
                .collect(Collectors.groupingBy(MktOrderLineRecord::getVendorOrderId, LinkedHashMap::new,
                        Collectors.mapping(OrderRepository::mapLine, Collectors.toList())));
        Map<UUID, String> orderIds = tx.select(MKT_ORDER.ID, MKT_ORDER.EXTERNAL_ID).from(MKT_ORDER)
                .where(MKT_ORDER.TENANT_ID.eq(tenant), MKT_ORDER.ID.in(rows.values().stream()
                        .map(MktVendorOrderRecord::getOrderId).collect(Collectors.toSet())))
                .fetchMap(MKT_ORDER.ID, MKT_ORDER.EXTERNAL_ID);
        List<VendorOrder> out = new java.util.ArrayList<>();
        for (UUID id : ids) {
            MktVendorOrderRecord r = rows.get(id);
            if (r != null) {
                out.add(mapVendorOrder(r, orderIds.get(r.getOrderId()), lines.getOrDefault(id, List.of())));
            }
        }
        return out;
    }

    /** The vendor order of {@code vendor} ({@code null}: the platform) in an order, locked for update. */
    public static Optional<MktVendorOrderRecord> lockVendorOrder(DSLContext tx, TenantContext ctx, UUID orderId,
                                                                 UUID vendor) {
        Condition byVendor = vendor == null ? MKT_VENDOR_ORDER.VENDOR_ID.isNull() : MKT_VENDOR_ORDER.VENDOR_ID.eq(vendor);
        return tx.selectFrom(MKT_VENDOR_ORDER)
                .where(MKT_VENDOR_ORDER.TENANT_ID.eq(ctx.tenant().value()), MKT_VENDOR_ORDER.ORDER_ID.eq(orderId), byVendor)
                .forUpdate().fetchOptional();
    }

    public static Optional<MktVendorOrderRecord> lockVendorOrder(DSLContext tx, TenantContext ctx, VendorOrderId id) {
        return tx.selectFrom(MKT_VENDOR_ORDER)
                .where(MKT_VENDOR_ORDER.TENANT_ID.eq(ctx.tenant().value()), MKT_VENDOR_ORDER.ID.eq(id.value()))
                .forUpdate().fetchOptional();
    }

    public static Optional<MktOrderRecord> findOrderById(DSLContext tx, TenantContext ctx, UUID id) {
        return tx.selectFrom(MKT_ORDER).where(MKT_ORDER.TENANT_ID.eq(ctx.tenant().value()), MKT_ORDER.ID.eq(id))
                .fetchOptional();
    }

    public static Optional<MktOrderLineRecord> lockLine(DSLContext tx, TenantContext ctx, UUID orderId, String lineId) {
        return tx.selectFrom(MKT_ORDER_LINE)
                .where(MKT_ORDER_LINE.TENANT_ID.eq(ctx.tenant().value()), MKT_ORDER_LINE.ORDER_ID.eq(orderId),
                        MKT_ORDER_LINE.EXTERNAL_ID.eq(lineId))
                .forUpdate().fetchOptional();
    }

    public static List<MktOrderLineRecord> linesOf(DSLContext tx, TenantContext ctx, UUID vendorOrderId) {
        return tx.selectFrom(MKT_ORDER_LINE)
                .where(MKT_ORDER_LINE.TENANT_ID.eq(ctx.tenant().value()), MKT_ORDER_LINE.VENDOR_ORDER_ID.eq(vendorOrderId))
                .orderBy(MKT_ORDER_LINE.LINE_NO).fetch();
    }

    public static void fulfill(DSLContext tx, TenantContext ctx, UUID vendorOrderId, OffsetDateTime now,
                               OffsetDateTime releasedAt) {
        tx.update(MKT_VENDOR_ORDER).set(MKT_VENDOR_ORDER.STATUS, VendorOrderStatus.FULFILLED.name())
                .set(MKT_VENDOR_ORDER.FULFILLED_AT, now).set(MKT_VENDOR_ORDER.RELEASED_AT, releasedAt)
                .set(MKT_VENDOR_ORDER.UPDATED_AT, now)
                .where(MKT_VENDOR_ORDER.TENANT_ID.eq(ctx.tenant().value()), MKT_VENDOR_ORDER.ID.eq(vendorOrderId))
                .execute();
    }

    public static void insertFulfillment(DSLContext tx, TenantContext ctx, UUID id, UUID vendorOrderId,
                                         String carrier, String tracking, OffsetDateTime now) {
        tx.insertInto(MKT_FULFILLMENT).set(MKT_FULFILLMENT.TENANT_ID, ctx.tenant().value())
                .set(MKT_FULFILLMENT.ID, id).set(MKT_FULFILLMENT.VENDOR_ORDER_ID, vendorOrderId)
                .set(MKT_FULFILLMENT.CARRIER, carrier).set(MKT_FULFILLMENT.TRACKING_NUMBER, tracking)
                .set(MKT_FULFILLMENT.CREATED_AT, now).execute();
    }

    /** The latest fulfillment of a vendor order, locked for update when {@code lock}. */
    public static Optional<MktFulfillmentRecord> findFulfillment(DSLContext tx, TenantContext ctx, UUID vendorOrderId,
                                                                 boolean lock) {
        var q = tx.selectFrom(MKT_FULFILLMENT)
                .where(MKT_FULFILLMENT.TENANT_ID.eq(ctx.tenant().value()),
                        MKT_FULFILLMENT.VENDOR_ORDER_ID.eq(vendorOrderId))
                .orderBy(MKT_FULFILLMENT.CREATED_AT.desc(), MKT_FULFILLMENT.ID.desc()).limit(1);
        return lock ? q.forUpdate().fetchOptional() : q.fetchOptional();
    }

    public static void updateTracking(DSLContext tx, TenantContext ctx, UUID fulfillmentId, String carrier,
                                      String tracking, String status, OffsetDateTime now) {
        tx.update(MKT_FULFILLMENT).set(MKT_FULFILLMENT.CARRIER, carrier).set(MKT_FULFILLMENT.TRACKING_NUMBER, tracking)
                .set(MKT_FULFILLMENT.TRACKING_STATUS, status).set(MKT_FULFILLMENT.TRACKING_UPDATED_AT, now)
                .where(MKT_FULFILLMENT.TENANT_ID.eq(ctx.tenant().value()), MKT_FULFILLMENT.ID.eq(fulfillmentId))
                .execute();
    }

    /** Cancels a vendor order: it and its lines earn nothing any more and its net counts 0. */
    public static void cancel(DSLContext tx, TenantContext ctx, UUID vendorOrderId, OffsetDateTime now) {
        tx.update(MKT_VENDOR_ORDER).set(MKT_VENDOR_ORDER.STATUS, VendorOrderStatus.CANCELED.name())
                .set(MKT_VENDOR_ORDER.CANCELED_AT, now).set(MKT_VENDOR_ORDER.COMMISSION, 0L)
                .set(MKT_VENDOR_ORDER.VENDOR_NET, 0L).set(MKT_VENDOR_ORDER.UPDATED_AT, now)
                .where(MKT_VENDOR_ORDER.TENANT_ID.eq(ctx.tenant().value()), MKT_VENDOR_ORDER.ID.eq(vendorOrderId))
                .execute();
        tx.update(MKT_ORDER_LINE).set(MKT_ORDER_LINE.COMMISSION, 0L)
                .where(MKT_ORDER_LINE.TENANT_ID.eq(ctx.tenant().value()), MKT_ORDER_LINE.VENDOR_ORDER_ID.eq(vendorOrderId))
                .execute();
    }

    /** Applies one refund's changes to the line and its vendor order, and records it. */
    public static void refund(DSLContext tx, TenantContext ctx, UUID refundId, MktOrderLineRecord line,
                              long quantity, long refundedQuantity, long refundedBasis, long commission,
                              long basisChange, long commissionChange, long netChange, OffsetDateTime now) {
        tx.update(MKT_ORDER_LINE).set(MKT_ORDER_LINE.REFUNDED_QUANTITY, refundedQuantity)
                .set(MKT_ORDER_LINE.REFUNDED_BASIS, refundedBasis).set(MKT_ORDER_LINE.COMMISSION, commission)
                .where(MKT_ORDER_LINE.TENANT_ID.eq(ctx.tenant().value()), MKT_ORDER_LINE.ORDER_ID.eq(line.getOrderId()),
                        MKT_ORDER_LINE.LINE_NO.eq(line.getLineNo()))
                .execute();
        tx.update(MKT_VENDOR_ORDER)
                .set(MKT_VENDOR_ORDER.COMMISSION, MKT_VENDOR_ORDER.COMMISSION.plus(commissionChange))
                .set(MKT_VENDOR_ORDER.REFUNDED_BASIS, MKT_VENDOR_ORDER.REFUNDED_BASIS.plus(basisChange))
                .set(MKT_VENDOR_ORDER.VENDOR_NET, MKT_VENDOR_ORDER.VENDOR_NET.plus(netChange))
                .set(MKT_VENDOR_ORDER.UPDATED_AT, now)
                .where(MKT_VENDOR_ORDER.TENANT_ID.eq(ctx.tenant().value()), MKT_VENDOR_ORDER.ID.eq(line.getVendorOrderId()))
                .execute();
        tx.insertInto(MKT_REFUND).set(MKT_REFUND.TENANT_ID, ctx.tenant().value()).set(MKT_REFUND.ID, refundId)
                .set(MKT_REFUND.ORDER_ID, line.getOrderId()).set(MKT_REFUND.LINE_NO, line.getLineNo())
                .set(MKT_REFUND.QUANTITY, quantity).set(MKT_REFUND.BASIS_REFUNDED, basisChange)
                .set(MKT_REFUND.COMMISSION_CHANGE, commissionChange).set(MKT_REFUND.NET_CHANGE, netChange)
                .set(MKT_REFUND.CREATED_AT, now).execute();
    }

    /** The frozen terms of a line; empty for a platform line. */
    public static Optional<CommissionTerms> terms(MktOrderLineRecord r) {
        if (r.getRateBps() == null) {
            return Optional.empty();
        }
        return Optional.of(new CommissionTerms(r.getRateBps(), r.getFlatFee(), RuleRepository.optional(r.getMinFee()),
                RuleRepository.optional(r.getMaxFee())));
    }

    public static VendorOrder mapVendorOrder(MktVendorOrderRecord r, String orderExternalId, List<OrderLine> lines) {
        return new VendorOrder(new VendorOrderId(r.getId()), orderExternalId,
                Optional.ofNullable(r.getVendorId()).map(VendorId::new), VendorOrderStatus.valueOf(r.getStatus()),
                r.getSubtotal(), r.getDiscount(), r.getShipping(), r.getCommission(), r.getRefundedBasis(),
                r.getVendorNet(), r.getPlacedAt(), Optional.ofNullable(r.getFulfilledAt()),
                Optional.ofNullable(r.getReleasedAt()), Optional.ofNullable(r.getCanceledAt()), lines);
    }

    public static OrderLine mapLine(MktOrderLineRecord r) {
        return new OrderLine(r.getExternalId(), r.getProductId(), Optional.ofNullable(r.getCategory()), r.getQuantity(),
                r.getUnitPrice(), r.getGross(), r.getDiscount(), r.getBasis(),
                Optional.ofNullable(r.getRuleTier()).map(CommissionRule.Tier::valueOf), terms(r),
                r.getRefundedQuantity(), r.getRefundedBasis(), r.getCommission());
    }
}
