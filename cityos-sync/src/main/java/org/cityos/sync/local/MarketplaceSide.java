package org.cityos.sync.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.Json;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.StoreId;
import org.cityos.core.TenantContext;
import org.cityos.core.event.Event;
import org.cityos.core.tenancy.Store;
import org.cityos.core.tenancy.Tenant;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.PayoutId;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.VendorOrderId;
import org.cityos.marketplace.order.Fulfillment;
import org.cityos.marketplace.order.Order;
import org.cityos.marketplace.order.OrderLine;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.order.VendorOrder;
import org.cityos.marketplace.payout.Payout;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.sync.engine.Capability;
import org.cityos.sync.engine.Change;
import org.cityos.sync.engine.ChangePage;
import org.cityos.sync.engine.ConnectorException;
import org.cityos.sync.engine.EntitySpec;
import org.cityos.sync.engine.LocalRef;
import org.cityos.sync.engine.LocalSide;
import org.cityos.sync.engine.RemoteRecord;

/**
 * The library's own data as a sync side, through the public services of core and marketplace:
 * {@code tenant} and {@code store} (listed), {@code vendor}, {@code order}, {@code commission}
 * (per vendor order), {@code payout} and {@code shipment} (a vendor order's fulfillment, the one
 * type written back: tracking reports go to {@code Orders.updateTracking}). Changes are announced
 * by the marketplace's outbox events; backfills list the tenant's events of each kind.
 *
 * <pre>{@code
 * Sync sync = Sync.builder(cityOs).localSide(new MarketplaceSide(cityOs, market)).build();
 * }</pre>
 */
public final class MarketplaceSide implements LocalSide {
    private static final Set<Capability> READ = Set.of(Capability.LIST, Capability.FETCH, Capability.WEBHOOK);
    private final CityOs cityOs;
    private final Marketplace market;

    public MarketplaceSide(CityOs cityOs, Marketplace market) {
        this.cityOs = cityOs;
        this.market = market;
    }

    @Override
    public List<EntitySpec> entities() {
        return List.of(
                new EntitySpec("tenant", Set.of("handle", "name", "status"), Optional.of("handle"),
                        Set.of(Capability.LIST, Capability.FETCH)),
                new EntitySpec("store", Set.of("handle", "name", "status"), Optional.of("handle"),
                        Set.of(Capability.LIST, Capability.FETCH)),
                new EntitySpec("vendor", Set.of("handle", "name", "status"), Optional.empty(), READ),
                new EntitySpec("order", Set.of("number", "currency", "subtotal", "discount", "shipping", "total",
                        "placed_at", "lines"), Optional.empty(), READ),
                new EntitySpec("commission", Set.of("vendor_order_id", "order_id", "vendor_id", "commission",
                        "currency", "placed_at"), Optional.empty(), READ),
                new EntitySpec("payout", Set.of("payout_id", "vendor_id", "amount", "currency", "status", "run_at",
                        "reference"), Optional.empty(), READ),
                new EntitySpec("shipment", Set.of("order_id", "vendor_order_id", "vendor_id", "carrier",
                        "tracking_number", "status"), Optional.empty(),
                        Set.of(Capability.LIST, Capability.FETCH, Capability.WEBHOOK, Capability.WRITE)));
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("order.placed", "commission.calculated", "vendor_order.canceled", "order.refunded",
                "payout.created", "payout.paid", "payout.failed", "fulfillment.created",
                "fulfillment.tracking_updated", "vendor.status_changed");
    }

    @Override
    public List<LocalRef> changesOf(Event e) {
        Map<?, ?> p = payload(e);
        return switch (e.type()) {
            case "order.placed" -> List.of(new LocalRef("order", e.aggregateId()));
            case "commission.calculated", "vendor_order.canceled", "order.refunded" -> p.get("vendorId") == null
                    ? List.of() : List.of(new LocalRef("commission", p.get("vendorOrderId") + ":" + p.get("orderId")));
            case "payout.created", "payout.paid", "payout.failed" -> List.of(new LocalRef("payout", e.aggregateId()));
            case "fulfillment.created", "fulfillment.tracking_updated" ->
                    List.of(new LocalRef("shipment", String.valueOf(p.get("vendorOrderId"))));
            case "vendor.status_changed" -> List.of(new LocalRef("vendor", e.aggregateId()));
            default -> List.of();
        };
    }

    private static Map<?, ?> payload(Event e) {
        try {
            Object o = e.payload() == null ? Map.of() : Json.MAPPER.readValue(e.payload(), Object.class);
            return o instanceof Map<?, ?> m ? m : Map.of();
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            return Map.of();
        }
    }

    @Override
    public Optional<RemoteRecord> read(TenantContext ctx, String type, String id) {
        Instant now = cityOs.clock().instant();
        try {
            return switch (type) {
                case "tenant" -> cityOs.tenancy().tenants().get(ctx.tenant())
                        .filter(t -> t.id().toString().equals(id)).map(t -> tenant(t, now));
                case "store" -> cityOs.tenancy().stores().get(ctx, StoreId.parse(id)).map(s -> store(s, now));
                case "vendor" -> market.vendors().get(ctx, VendorId.parse(id)).map(MarketplaceSide::vendor);
                case "order" -> market.orders().get(ctx, id).map(MarketplaceSide::order);
                case "commission" -> commission(ctx, id);
                case "payout" -> market.payouts().get(ctx, PayoutId.parse(id)).map(p -> payout(p, now));
                case "shipment" -> market.orders().fulfillment(ctx, VendorOrderId.parse(id)).map(MarketplaceSide::shipment);
                default -> throw ConnectorException.unsupported("the library's side does not serve " + type);
            };
        } catch (CityOsException e) {
            if (e.code() == org.cityos.core.ErrorCode.NOT_FOUND || e.code() == org.cityos.core.ErrorCode.UNKNOWN_ORDER) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static RemoteRecord record(String id, Instant at, Map<String, Object> f) {
        return new RemoteRecord(id, Optional.of(id), Optional.ofNullable(at), f);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static RemoteRecord tenant(Tenant t, Instant now) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("handle", t.handle());
        f.put("name", t.name());
        f.put("status", lower(t.status()));
        return record(t.id().toString(), now, f);
    }

    private static RemoteRecord store(Store s, Instant now) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("handle", s.handle());
        f.put("name", s.name());
        f.put("status", lower(s.status()));
        return record(s.id().toString(), now, f);
    }

    private static RemoteRecord vendor(Vendor v) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("handle", v.handle());
        f.put("name", v.name());
        f.put("status", v.status().wire());
        return record(v.id().toString(), v.updatedAt().toInstant(), f);
    }

    private static RemoteRecord order(Order o) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("number", o.orderId());
        f.put("currency", o.currency());
        f.put("subtotal", o.subtotal());
        f.put("discount", o.discount());
        f.put("shipping", o.shipping());
        f.put("total", o.total());
        f.put("placed_at", o.placedAt().toInstant().toString());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (VendorOrder vo : o.vendorOrders()) {
            for (OrderLine l : vo.lines()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("line_id", l.lineId());
                m.put("product_id", l.productId());
                m.put("quantity", l.quantity());
                m.put("unit_price", l.unitPrice());
                lines.add(m);
            }
        }
        f.put("lines", lines);
        return record(o.orderId(), o.placedAt().toInstant(), f);
    }

    private Optional<RemoteRecord> commission(TenantContext ctx, String id) {
        int colon = id.indexOf(':');
        if (colon != 36) {
            return Optional.empty();
        }
        VendorOrderId voId = VendorOrderId.parse(id.substring(0, colon));
        return market.orders().get(ctx, id.substring(colon + 1)).flatMap(o -> o.vendorOrders().stream()
                .filter(vo -> vo.id().equals(voId)).findFirst().map(vo -> {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("vendor_order_id", vo.id().toString());
                    f.put("order_id", o.orderId());
                    f.put("vendor_id", vo.vendor().map(VendorId::toString).orElse(null));
                    f.put("commission", vo.commission());
                    f.put("currency", o.currency());
                    f.put("placed_at", vo.placedAt().toInstant().toString());
                    Instant at = vo.canceledAt().or(vo::fulfilledAt).orElse(vo.placedAt()).toInstant();
                    return record(id, at, f);
                }));
    }

    private static RemoteRecord payout(Payout p, Instant now) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("payout_id", p.id().toString());
        f.put("vendor_id", p.vendor().toString());
        f.put("amount", p.amount());
        f.put("currency", p.currency());
        f.put("status", p.status().wire());
        f.put("run_at", p.runAt().toInstant().toString());
        f.put("reference", p.providerReference().orElse(null));
        return record(p.id().toString(), now, f);
    }

    private static RemoteRecord shipment(Fulfillment x) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("order_id", x.orderId());
        f.put("vendor_order_id", x.vendorOrder().toString());
        f.put("vendor_id", x.vendor().map(VendorId::toString).orElse(null));
        f.put("carrier", x.shipment().carrier().orElse(null));
        f.put("tracking_number", x.shipment().trackingNumber().orElse(null));
        f.put("status", x.trackingStatus().orElse(null));
        return record(x.vendorOrder().toString(), x.trackingUpdatedAt().orElse(x.createdAt()).toInstant(), f);
    }

    @Override
    public ChangePage list(TenantContext ctx, String type, Optional<String> cursor, int limit) {
        PageRequest page = new PageRequest(Math.min(limit, 500), cursor);
        Instant now = cityOs.clock().instant();
        return switch (type) {
            case "tenant" -> new ChangePage(cursor.isPresent() ? List.of() : cityOs.tenancy().tenants()
                    .get(ctx.tenant()).map(t -> List.of(Change.upsert(tenant(t, now)))).orElse(List.of()),
                    Optional.of("done"), false, OptionalLong.of(1));
            case "store" -> pageOf(cityOs.tenancy().stores().list(ctx, page), s -> Change.upsert(store(s, now)));
            case "vendor" -> pageOf(market.vendors().list(ctx, page), v -> Change.upsert(vendor(v)));
            case "order" -> fromEvents(ctx, "order.placed", page, type);
            case "commission" -> fromEvents(ctx, "commission.calculated", page, type);
            case "payout" -> fromEvents(ctx, "payout.created", page, type);
            case "shipment" -> fromEvents(ctx, "fulfillment.created", page, type);
            default -> throw ConnectorException.unsupported("the library's side does not serve " + type);
        };
    }

    private static <T> ChangePage pageOf(Page<T> p, java.util.function.Function<T, Change> f) {
        return new ChangePage(p.items().stream().map(f).toList(), p.next(), p.next().isPresent(), OptionalLong.empty());
    }

    private ChangePage fromEvents(TenantContext ctx, String eventType, PageRequest page, String type) {
        Page<Event> events = cityOs.events().list(ctx, Optional.of(eventType), page);
        List<Change> changes = new ArrayList<>();
        for (Event e : events.items()) {
            for (LocalRef ref : changesOf(e)) {
                if (ref.entityType().equals(type)) {
                    changes.add(read(ctx, type, ref.localId()).map(Change::upsert)
                            .orElseGet(() -> Change.deleted(ref.localId())));
                }
            }
        }
        String next = events.items().isEmpty() ? page.after().orElse(null)
                : events.items().get(events.items().size() - 1).id().toString();
        return new ChangePage(changes, Optional.ofNullable(next), events.next().isPresent(), OptionalLong.empty());
    }

    @Override
    public Optional<RemoteRecord> write(TenantContext ctx, String type, String id, Map<String, Object> fields) {
        if (!"shipment".equals(type)) {
            throw ConnectorException.unsupported("the library's " + type + " records are not written by the sync");
        }
        VendorOrderId vo = VendorOrderId.parse(id);
        Fulfillment current = market.orders().fulfillment(ctx, vo).orElseThrow(() -> ConnectorException.rejected(
                "vendor order " + id + " has no fulfillment to track", null));
        String status = text(fields.get("status")).or(current::trackingStatus).orElse("pending");
        Shipment shipment = new Shipment(text(fields.get("carrier")), text(fields.get("tracking_number")));
        try {
            return Optional.of(shipment(market.orders().updateTracking(ctx, vo, shipment, status)));
        } catch (CityOsException e) {
            if (e.code() == org.cityos.core.ErrorCode.INVALID_ARGUMENT
                    || e.code() == org.cityos.core.ErrorCode.INVALID_TRANSITION) {
                throw ConnectorException.rejected(e.getMessage(), null);
            }
            throw e;
        }
    }

    private static Optional<String> text(Object v) {
        return v == null || v.toString().isBlank() ? Optional.empty() : Optional.of(v.toString());
    }
}
