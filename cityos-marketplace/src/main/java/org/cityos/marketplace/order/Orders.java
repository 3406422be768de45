package org.cityos.marketplace.order;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.TenantContext;
import org.cityos.core.Values;
import org.cityos.core.tenancy.Validate;
import org.cityos.marketplace.FulfillmentId;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.VendorOrderId;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.internal.Market;
import org.cityos.marketplace.internal.MarketSettings;
import org.cityos.marketplace.internal.OrderRepository;
import org.cityos.marketplace.internal.RuleRepository;
import org.cityos.marketplace.internal.Text;
import org.cityos.marketplace.internal.VendorRepository;
import org.cityos.marketplace.internal.db.tables.records.MktFulfillmentRecord;
import org.cityos.marketplace.internal.db.tables.records.MktOrderLineRecord;
import org.cityos.marketplace.internal.db.tables.records.MktOrderRecord;
import org.cityos.marketplace.internal.db.tables.records.MktProductRecord;
import org.cityos.marketplace.internal.db.tables.records.MktVendorOrderRecord;
import org.cityos.marketplace.rules.CommissionRule;
import org.cityos.marketplace.rules.CommissionTerms;
import org.cityos.marketplace.rules.OrderSplit;
import org.cityos.marketplace.rules.Refunds;
import org.cityos.marketplace.rules.RuleSets;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.marketplace.vendor.VendorStatus;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * Places orders and splits them into vendor orders, fulfils and cancels vendor orders, and
 * refunds lines, each in one transaction with its events ({@code order.placed},
 * {@code vendor_order.created}, {@code commission.calculated}, {@code fulfillment.created},
 * {@code vendor_order.canceled}, {@code order.refunded}), and records tracking reports on
 * fulfillments ({@code fulfillment.tracking_updated}). A rejected request changes nothing; when
 * it has several faults the one reported follows the spec's precedence: the ids it names,
 * then each line in order, then the order-level amounts, then the state.
 */
public final class Orders {
    private final Market market;

    /** For {@code Marketplace}; hosts get this service from {@code Marketplace.orders()}. */
    public Orders(Market market) {
        this.market = market;
    }

    /**
     * Places an order: splits it per vendor, shares the discount, freezes each vendor line's
     * commission rule, and writes everything with its events.
     *
     * @throws CityOsException {@code duplicate_order} (also when another thread places the same id
     *                         at once), per line {@code invalid_amount}, {@code unknown_product},
     *                         {@code vendor_not_active}; then {@code invalid_amount} for the
     *                         discount or a shipping amount, {@code unknown_vendor} for a shipping
     *                         key, {@code discount_exceeds_total}; {@code invalid_argument} for a
     *                         malformed request (no lines, a repeated or blank line id)
     */
    public Order place(TenantContext ctx, NewOrder order) {
        Validate.required("order", order);
        String orderId = Text.id("order id", order.orderId());
        return market.write(ctx, "order.placed", "order", orderId, tx -> {
            MarketSettings settings = market.settings(tx, ctx);
            Market.requireOperator(ctx, "place orders");
            if (OrderRepository.findOrder(tx, ctx, orderId).isPresent()) {
                throw duplicate(orderId);
            }
            checkShape(order);
            List<NewOrderLine> lines = order.lines();

            // each line in line order: its amounts, its product, its vendor
            Set<String> productIds = new LinkedHashSet<>();
            lines.forEach(l -> productIds.add(l.productId()));
            Map<String, MktProductRecord> products = OrderRepository.products(tx, ctx, productIds);
            Set<UUID> vendorIds = new HashSet<>();
            products.values().forEach(p -> {
                if (p.getVendorId() != null) {
                    vendorIds.add(p.getVendorId());
                }
            });
            Map<UUID, Vendor> vendors = VendorRepository.findAll(tx, ctx, vendorIds);
            List<CommissionRule> rules = RuleRepository.load(tx, ctx);
            CommissionTerms defaultTerms = CommissionTerms.rate(settings.defaultRateBps());
            List<OrderSplit.Line> splitLines = new ArrayList<>();
            List<Optional<RuleSets.Applied>> applied = new ArrayList<>();
            for (NewOrderLine l : lines) {
                OrderSplit.Line amounts = new OrderSplit.Line(l.lineId(), l.quantity(), l.unitPrice(),
                        Optional.empty(), Optional.empty());
                amounts.gross(); // quantity, price and overflow, naming the line
                MktProductRecord p = products.get(l.productId());
                if (p == null) {
                    throw new CityOsException(ErrorCode.UNKNOWN_PRODUCT, "unknown product " + Values.quote(l.productId())
                            + " on line " + Values.quote(l.lineId()));
                }
                Optional<VendorId> vendor = Optional.ofNullable(p.getVendorId()).map(VendorId::new);
                Optional<RuleSets.Applied> rule = Optional.empty();
                if (vendor.isPresent()) {
                    Vendor v = vendors.get(p.getVendorId());
                    if (v.status() != VendorStatus.ACTIVE) {
                        throw new CityOsException(ErrorCode.VENDOR_NOT_ACTIVE, "vendor " + Values.quote(v.handle())
                                + " of product " + Values.quote(l.productId()) + " on line " + Values.quote(l.lineId())
                                + " is " + v.status().wire() + ", not active");
                    }
                    rule = Optional.of(RuleSets.resolve(rules, defaultTerms, vendor.get(),
                            Optional.ofNullable(p.getCategory()), l.productId()));
                }
                applied.add(rule);
                splitLines.add(new OrderSplit.Line(l.lineId(), l.quantity(), l.unitPrice(), vendor,
                        rule.map(RuleSets.Applied::terms)));
            }

            // then the order-level amounts: discount and shipping amounts, shipping keys, the total
            if (order.discount() < 0) {
                throw new CityOsException(ErrorCode.INVALID_AMOUNT, "discount " + order.discount()
                        + " must not be negative");
            }
            for (Map.Entry<VendorRef, Long> e : order.shipping().entrySet()) {
                if (e.getValue() == null || e.getValue() < 0) {
                    throw new CityOsException(ErrorCode.INVALID_AMOUNT, "shipping " + e.getValue() + " for vendor "
                            + Values.quote(e.getKey()) + " must not be negative");
                }
            }
            Map<VendorId, Long> shipping = new LinkedHashMap<>();
            for (Map.Entry<VendorRef, Long> e : order.shipping().entrySet()) {
                if (e.getKey() == VendorRef.platform()) {
                    throw new CityOsException(ErrorCode.UNKNOWN_VENDOR,
                            "shipping names the platform; shipping is charged per vendor");
                }
                Vendor v = VendorRepository.resolve(tx, ctx, e.getKey()).orElseThrow();
                if (shipping.put(v.id(), e.getValue()) != null) {
                    throw CityOsException.invalid("shipping", e.getKey(), "names vendor " + v.handle() + " twice");
                }
                if (splitLines.stream().noneMatch(l -> l.vendor().equals(Optional.of(v.id())))) {
                    throw new CityOsException(ErrorCode.UNKNOWN_VENDOR, "shipping names vendor "
                            + Values.quote(v.handle()) + ", which has no lines in order " + Values.quote(orderId));
                }
            }
            OrderSplit.Split split = OrderSplit.split(splitLines, order.discount(), shipping);

            // write it all
            OffsetDateTime now = market.now();
            UUID id = market.newId();
            long subtotal = 0;
            long shippingTotal = 0;
            for (OrderSplit.Part part : split.parts()) {
                subtotal += part.subtotal();
                shippingTotal += part.shipping();
            }
            try {
                OrderRepository.insertOrder(tx, ctx, id, orderId, settings.currency(), subtotal, order.discount(),
                        shippingTotal, split.total(), now);
            } catch (DataAccessException e) {
                if (isUniqueViolation(e)) {
                    throw duplicate(orderId);
                }
                throw e;
            }
            int seq = 0;
            for (OrderSplit.Part part : split.parts()) {
                UUID voId = market.newId();
                OrderRepository.insertVendorOrder(tx, ctx, voId, id, ++seq, part, now);
                for (OrderSplit.LineFigures f : part.lines()) {
                    NewOrderLine in = lines.get(f.index());
                    MktProductRecord p = products.get(in.productId());
                    OrderRepository.insertLine(tx, ctx, id, new OrderRepository.NewLine(f.index() + 1, in.lineId(),
                            in.productId(), Optional.ofNullable(p.getCategory()), in.quantity(), in.unitPrice(),
                            part.vendor(), voId, f, applied.get(f.index())));
                }
            }
            Order placed = OrderRepository.load(tx, ctx, orderId).orElseThrow();
            market.applied(tx, ctx, "order.placed", "order", orderId, null, placed);
            market.publish(tx, ctx, "order.placed", "order", orderId, Payloads.orderPlaced(placed));
            for (VendorOrder vo : placed.vendorOrders()) {
                market.publish(tx, ctx, "vendor_order.created", "vendor_order", vo.id(), Payloads.vendorOrder(vo));
                if (vo.vendor().isPresent()) {
                    market.publish(tx, ctx, "commission.calculated", "vendor_order", vo.id(), Payloads.commission(vo));
                }
            }
            return placed;
        });
    }

    /** The order with this host id, if the tenant has it. */
    public Optional<Order> get(TenantContext ctx, String orderId) {
        return market.read(ctx, tx -> {
            Optional<Order> o = OrderRepository.load(tx, ctx, orderId);
            if (o.isPresent() && Market.isVendorUser(ctx)) {
                // a vendor user sees only its own vendors' parts of an order
                List<VendorOrder> mine = new ArrayList<>();
                for (VendorOrder vo : o.get().vendorOrders()) {
                    try {
                        Market.requireVendorAccess(tx, ctx, vo.vendor().map(VendorId::value).orElse(null), "read");
                        mine.add(vo);
                    } catch (CityOsException e) {
                        // not theirs
                    }
                }
                Order full = o.get();
                return Optional.of(new Order(full.orderId(), full.currency(), full.subtotal(), full.discount(),
                        full.shipping(), full.total(), full.placedAt(), mine));
            }
            return o;
        });
    }

    /** The order, or {@code unknown_order} naming the id (also for another tenant's order). */
    public Order require(TenantContext ctx, String orderId) {
        return get(ctx, orderId).orElseThrow(() -> unknownOrder(orderId));
    }

    /**
     * Fulfils the vendor order of {@code vendor} (or of the platform) in an order: it becomes
     * {@code fulfilled} and its net is released {@code hold_days} later.
     *
     * @throws CityOsException {@code unknown_order}, {@code unknown_vendor} (no such vendor, or no
     *                         part of this order), {@code forbidden} for another vendor's user,
     *                         {@code invalid_transition} unless the vendor order is {@code placed}
     */
    public VendorOrder fulfill(TenantContext ctx, String orderId, VendorRef vendor, Shipment shipment) {
        Validate.required("vendor", vendor);
        Validate.required("shipment", shipment);
        return market.write(ctx, "vendor_order.fulfilled", "order", orderId, tx ->
                fulfill(tx, ctx, locate(tx, ctx, orderId, vendor), shipment));
    }

    /** Fulfils a vendor order named by id; as {@link #fulfill(TenantContext, String, VendorRef, Shipment)}. */
    public VendorOrder fulfill(TenantContext ctx, VendorOrderId id, Shipment shipment) {
        Validate.required("vendor order id", id);
        Validate.required("shipment", shipment);
        return market.write(ctx, "vendor_order.fulfilled", "vendor_order", id, tx -> fulfill(tx, ctx, locate(tx, ctx, id), shipment));
    }

    private VendorOrder fulfill(DSLContext tx, TenantContext ctx, Located at, Shipment shipment) {
        Market.requireVendorAccess(tx, ctx, at.vo.getVendorId(), "fulfil orders");
        requireStatus(at, VendorOrderStatus.FULFILLED);
        OffsetDateTime now = market.now();
        OffsetDateTime release = now.plus(Duration.ofDays(at.settings.holdDays()));
        OrderRepository.fulfill(tx, ctx, at.vo.getId(), now, release);
        UUID fulfillment = market.newId();
        String carrier = shipment.carrier().map(c -> Text.key("carrier", c)).orElse(null);
        String tracking = shipment.trackingNumber().map(t -> Text.id("tracking number", t)).orElse(null);
        OrderRepository.insertFulfillment(tx, ctx, fulfillment, at.vo.getId(), carrier, tracking, now);
        VendorOrder after = reload(tx, ctx, at);
        market.applied(tx, ctx, "vendor_order.fulfilled", "vendor_order", after.id(),
                Map.of("status", at.vo.getStatus().toLowerCase()), Map.of("status", after.status().wire()));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("fulfillmentId", fulfillment.toString());
        payload.put("orderId", after.orderId());
        payload.put("vendorOrderId", after.id().toString());
        payload.put("vendorId", after.vendor().map(VendorId::toString).orElse(null));
        payload.put("carrier", carrier);
        payload.put("trackingNumber", tracking);
        payload.put("releasedAt", release.toInstant().toString());
        market.publish(tx, ctx, "fulfillment.created", "vendor_order", after.id(), payload);
        return after;
    }

    /**
     * The fulfillment of a vendor order, if it was fulfilled; {@code not_found} for an unknown
     * vendor order, {@code forbidden} for another vendor's user.
     */
    public Optional<Fulfillment> fulfillment(TenantContext ctx, VendorOrderId id) {
        Validate.required("vendor order id", id);
        return market.read(ctx, tx -> {
            market.requireTenant(tx, ctx);
            MktVendorOrderRecord vo = OrderRepository.lockVendorOrder(tx, ctx, id)
                    .orElseThrow(() -> CityOsException.notFound("vendor order", id));
            Market.requireVendorAccess(tx, ctx, vo.getVendorId(), "read fulfillments");
            return OrderRepository.findFulfillment(tx, ctx, id.value(), false).map(f -> toFulfillment(tx, ctx, vo, f));
        });
    }

    /**
     * Records what the logistics side reports about a fulfillment's shipment: its tracking status
     * and, when given, the carrier and tracking number (an empty one keeps what is stored). A
     * report that changes nothing changes nothing (no event, no audit entry), so a repeated
     * report is harmless; otherwise {@code fulfillment.tracking_updated} is published.
     *
     * @throws CityOsException {@code not_found} for an unknown vendor order, {@code forbidden} for
     *                         another vendor's user, {@code invalid_transition} when the vendor
     *                         order has no fulfillment, {@code invalid_argument} for a blank or
     *                         over-long status, carrier or tracking number
     */
    public Fulfillment updateTracking(TenantContext ctx, VendorOrderId id, Shipment shipment, String status) {
        Validate.required("vendor order id", id);
        Validate.required("shipment", shipment);
        String trackingStatus = Text.key("tracking status", status);
        if (trackingStatus.length() > 50) {
            throw CityOsException.invalid("tracking status", status, "must be at most 50 characters");
        }
        return market.write(ctx, "fulfillment.tracking_updated", "vendor_order", id, tx -> {
            market.requireTenant(tx, ctx);
            MktVendorOrderRecord vo = OrderRepository.lockVendorOrder(tx, ctx, id)
                    .orElseThrow(() -> CityOsException.notFound("vendor order", id));
            Market.requireVendorAccess(tx, ctx, vo.getVendorId(), "update fulfillments");
            MktFulfillmentRecord f = OrderRepository.findFulfillment(tx, ctx, id.value(), true)
                    .orElseThrow(() -> new CityOsException(ErrorCode.INVALID_TRANSITION, "vendor order " + id
                            + " is " + VendorOrderStatus.valueOf(vo.getStatus()).wire()
                            + " and has no fulfillment to track"));
            String carrier = shipment.carrier().map(c -> Text.key("carrier", c)).orElse(f.getCarrier());
            String tracking = shipment.trackingNumber().map(t -> Text.id("tracking number", t))
                    .orElse(f.getTrackingNumber());
            if (Objects.equals(carrier, f.getCarrier()) && Objects.equals(tracking, f.getTrackingNumber())
                    && trackingStatus.equals(f.getTrackingStatus())) {
                return toFulfillment(tx, ctx, vo, f);
            }
            OffsetDateTime now = market.now();
            OrderRepository.updateTracking(tx, ctx, f.getId(), carrier, tracking, trackingStatus, now);
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("carrier", f.getCarrier());
            before.put("trackingNumber", f.getTrackingNumber());
            before.put("trackingStatus", f.getTrackingStatus());
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("fulfillmentId", f.getId().toString());
            payload.put("orderId", OrderRepository.findOrderById(tx, ctx, vo.getOrderId()).orElseThrow().getExternalId());
            payload.put("vendorOrderId", id.toString());
            payload.put("vendorId", vo.getVendorId() == null ? null : vo.getVendorId().toString());
            payload.put("carrier", carrier);
            payload.put("trackingNumber", tracking);
            payload.put("trackingStatus", trackingStatus);
            market.applied(tx, ctx, "fulfillment.tracking_updated", "fulfillment", f.getId(), before, payload);
            market.publish(tx, ctx, "fulfillment.tracking_updated", "vendor_order", id, payload);
            return OrderRepository.findFulfillment(tx, ctx, id.value(), false).map(x -> toFulfillment(tx, ctx, vo, x))
                    .orElseThrow();
        });
    }

    private static Fulfillment toFulfillment(DSLContext tx, TenantContext ctx, MktVendorOrderRecord vo,
                                             MktFulfillmentRecord f) {
        String orderId = OrderRepository.findOrderById(tx, ctx, vo.getOrderId()).orElseThrow().getExternalId();
        return new Fulfillment(new FulfillmentId(f.getId()), new VendorOrderId(vo.getId()), orderId,
                Optional.ofNullable(vo.getVendorId()).map(VendorId::new),
                new Shipment(Optional.ofNullable(f.getCarrier()), Optional.ofNullable(f.getTrackingNumber())),
                Optional.ofNullable(f.getTrackingStatus()), f.getCreatedAt(),
                Optional.ofNullable(f.getTrackingUpdatedAt()));
    }

    /**
     * Cancels the vendor order of {@code vendor} (or of the platform) in an order: it earns no
     * commission and its net counts 0. Only a {@code placed} vendor order can be canceled.
     *
     * @throws CityOsException {@code unknown_order}, {@code unknown_vendor}, {@code forbidden},
     *                         {@code invalid_transition}
     */
    public VendorOrder cancel(TenantContext ctx, String orderId, VendorRef vendor) {
        Validate.required("vendor", vendor);
        return market.write(ctx, "vendor_order.canceled", "order", orderId, tx -> cancel(tx, ctx, locate(tx, ctx, orderId, vendor)));
    }

    /** Cancels a vendor order named by id; as {@link #cancel(TenantContext, String, VendorRef)}. */
    public VendorOrder cancel(TenantContext ctx, VendorOrderId id) {
        Validate.required("vendor order id", id);
        return market.write(ctx, "vendor_order.canceled", "vendor_order", id, tx -> cancel(tx, ctx, locate(tx, ctx, id)));
    }

    private VendorOrder cancel(DSLContext tx, TenantContext ctx, Located at) {
        Market.requireVendorAccess(tx, ctx, at.vo.getVendorId(), "cancel orders");
        requireStatus(at, VendorOrderStatus.CANCELED);
        OrderRepository.cancel(tx, ctx, at.vo.getId(), market.now());
        VendorOrder after = reload(tx, ctx, at);
        market.applied(tx, ctx, "vendor_order.canceled", "vendor_order", after.id(),
                Map.of("status", at.vo.getStatus().toLowerCase(), "vendorNet", at.vo.getVendorNet()),
                Map.of("status", after.status().wire(), "vendorNet", after.vendorNet()));
        market.publish(tx, ctx, "vendor_order.canceled", "vendor_order", after.id(), Payloads.vendorOrder(after));
        return after;
    }

    /**
     * Refunds {@code quantity} units of a line. Refunds are cumulative: the line's refunded basis
     * and its commission (with the rule frozen on it) are recomputed from the total refunded.
     *
     * @throws CityOsException {@code unknown_order}, {@code unknown_line}, {@code invalid_amount}
     *                         for a non-positive quantity, {@code forbidden},
     *                         {@code invalid_transition} for a canceled vendor order,
     *                         {@code over_refund} when more than the line's quantity would be refunded
     */
    public Refund refund(TenantContext ctx, String orderId, String lineId, long quantity) {
        return market.write(ctx, "order.refunded", "order", orderId, tx -> {
            market.requireTenant(tx, ctx);
            MktOrderRecord order = OrderRepository.findOrder(tx, ctx, orderId).orElseThrow(() -> unknownOrder(orderId));
            MktOrderLineRecord line = OrderRepository.lockLine(tx, ctx, order.getId(), lineId)
                    .orElseThrow(() -> new CityOsException(ErrorCode.UNKNOWN_LINE, "unknown line " + Values.quote(lineId)
                            + " in order " + Values.quote(orderId)));
            if (quantity <= 0) {
                throw new CityOsException(ErrorCode.INVALID_AMOUNT, "refund quantity " + quantity + " of line "
                        + Values.quote(lineId) + " must be positive");
            }
            MktVendorOrderRecord vo = OrderRepository.lockVendorOrder(tx, ctx, new VendorOrderId(line.getVendorOrderId()))
                    .orElseThrow();
            Market.requireVendorAccess(tx, ctx, vo.getVendorId(), "refund orders");
            if (VendorOrderStatus.valueOf(vo.getStatus()) == VendorOrderStatus.CANCELED) {
                throw new CityOsException(ErrorCode.INVALID_TRANSITION, "line " + Values.quote(lineId) + " of order "
                        + Values.quote(orderId) + " belongs to a canceled vendor order and cannot be refunded");
            }
            long left = line.getQuantity() - line.getRefundedQuantity();
            if (quantity > left) {
                throw new CityOsException(ErrorCode.OVER_REFUND, "refunding " + quantity + " of line "
                        + Values.quote(lineId) + " exceeds what is left to refund: " + left + " of "
                        + line.getQuantity());
            }
            long total = line.getRefundedQuantity() + quantity;
            Refunds.LineAfterRefunds after = Refunds.recompute(line.getBasis(), line.getQuantity(), total,
                    OrderRepository.terms(line));
            long basisChange = after.refundedBasis() - line.getRefundedBasis();
            long commissionChange = after.commission() - line.getCommission();
            long netChange = -basisChange - commissionChange;
            OrderRepository.refund(tx, ctx, market.newId(), line, quantity, total, after.refundedBasis(),
                    after.commission(), basisChange, commissionChange, netChange, market.now());
            Refund r = new Refund(orderId, lineId, quantity, total, basisChange, commissionChange, netChange);
            market.applied(tx, ctx, "order.refunded", "order_line", orderId + "/" + lineId,
                    Map.of("refundedQuantity", line.getRefundedQuantity(), "commission", line.getCommission()),
                    Map.of("refundedQuantity", total, "commission", after.commission()));
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("orderId", orderId);
            payload.put("vendorOrderId", vo.getId().toString());
            payload.put("vendorId", vo.getVendorId() == null ? null : vo.getVendorId().toString());
            payload.put("lineId", lineId);
            payload.put("quantity", quantity);
            payload.put("refundedQuantity", total);
            payload.put("basisRefunded", basisChange);
            payload.put("commissionChange", commissionChange);
            payload.put("netChange", netChange);
            market.publish(tx, ctx, "order.refunded", "order", orderId, payload);
            return r;
        });
    }

    private record Located(MarketSettings settings, MktOrderRecord order, MktVendorOrderRecord vo, String label) {
    }

    private Located locate(DSLContext tx, TenantContext ctx, String orderId, VendorRef vendor) {
        MarketSettings settings = market.settings(tx, ctx);
        MktOrderRecord order = OrderRepository.findOrder(tx, ctx, orderId).orElseThrow(() -> unknownOrder(orderId));
        Optional<Vendor> v = VendorRepository.resolve(tx, ctx, vendor);
        UUID vendorId = v.map(x -> x.id().value()).orElse(null);
        String label = v.map(Vendor::handle).orElse("platform");
        MktVendorOrderRecord vo = OrderRepository.lockVendorOrder(tx, ctx, order.getId(), vendorId)
                .orElseThrow(() -> new CityOsException(ErrorCode.UNKNOWN_VENDOR, "vendor " + Values.quote(label)
                        + " has no part in order " + Values.quote(orderId)));
        return new Located(settings, order, vo, label);
    }

    private Located locate(DSLContext tx, TenantContext ctx, VendorOrderId id) {
        MarketSettings settings = market.settings(tx, ctx);
        MktVendorOrderRecord vo = OrderRepository.lockVendorOrder(tx, ctx, id)
                .orElseThrow(() -> CityOsException.notFound("vendor order", id));
        MktOrderRecord order = OrderRepository.findOrderById(tx, ctx, vo.getOrderId()).orElseThrow();
        String label = vo.getVendorId() == null ? "platform"
                : VendorRepository.find(tx, ctx, vo.getVendorId()).map(Vendor::handle).orElse("?");
        return new Located(settings, order, vo, label);
    }

    private static void requireStatus(Located at, VendorOrderStatus target) {
        VendorOrderStatus current = VendorOrderStatus.valueOf(at.vo.getStatus());
        if (current != VendorOrderStatus.PLACED) {
            throw new CityOsException(ErrorCode.INVALID_TRANSITION, "the vendor order of " + Values.quote(at.label)
                    + " in order " + Values.quote(at.order.getExternalId()) + " is " + current.wire()
                    + " and cannot become " + target.wire());
        }
    }

    private static VendorOrder reload(DSLContext tx, TenantContext ctx, Located at) {
        return OrderRepository.load(tx, ctx, at.order.getExternalId()).orElseThrow().vendorOrders().stream()
                .filter(v -> v.id().value().equals(at.vo.getId())).findFirst().orElseThrow();
    }

    private static void checkShape(NewOrder order) {
        if (order.lines().isEmpty()) {
            throw CityOsException.invalid("order", order.orderId(), "has no lines");
        }
        Set<String> seen = new HashSet<>();
        for (NewOrderLine l : order.lines()) {
            Validate.required("order line", l);
            Text.id("line id", l.lineId());
            Text.id("product id", l.productId());
            if (!seen.add(l.lineId())) {
                throw CityOsException.invalid("line id", l.lineId(), "appears twice in order " + order.orderId());
            }
        }
        for (VendorRef v : order.shipping().keySet()) {
            Validate.required("shipping vendor", v);
        }
    }

    private static boolean isUniqueViolation(DataAccessException e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof java.sql.SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
            t = t.getCause();
        }
        return false;
    }

    private static CityOsException duplicate(String orderId) {
        return new CityOsException(ErrorCode.DUPLICATE_ORDER, "order " + Values.quote(orderId) + " was already placed");
    }

    private static CityOsException unknownOrder(String orderId) {
        return new CityOsException(ErrorCode.UNKNOWN_ORDER, "unknown order: " + Values.quote(orderId));
    }
}
