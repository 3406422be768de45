package org.cityos.examples.http;

import java.util.Optional;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.cityos.core.CityOsException;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.identity.authz.Resource;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.VendorOrderId;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.portal.VendorPortal;

/**
 * The vendor portal as JSON: a vendor's products, orders to fulfil, fulfillments, earnings and
 * payouts. Each call names a vendor ({@code ?vendor=<id>}, or the caller's only vendor), asks the
 * authorizer first, then the portal, which checks the caller's membership of the vendor again.
 */
final class VendorRoutes {
    private final RequestGate gate;
    private final VendorPortal portal;

    VendorRoutes(RequestGate gate, Marketplace market) {
        this.gate = gate;
        this.portal = market.vendorPortal();
    }

    void register(RoutesConfig routes) {
        routes.get("/vendor/products", ctx -> {
            Call c = call(ctx, "vendor", "read");
            ctx.json(portal.products(c.ctx(), c.vendor()));
        });
        routes.get("/vendor/orders", ctx -> {
            Call c = call(ctx, "order", "list");
            ctx.json(portal.ordersToFulfill(c.ctx(), c.vendor(), page(ctx)));
        });
        routes.post("/vendor/orders/{id}/fulfillments", ctx -> {
            Call c = call(ctx, "order", ctx.pathParam("id"), "fulfil");
            VendorOrderId order = VendorOrderId.parse(ctx.pathParam("id"));
            ShipmentBody body = ctx.bodyAsBytes().length == 0 ? new ShipmentBody(null, null)
                    : ApiJson.read(ctx, ShipmentBody.class);
            Shipment shipment = new Shipment(Optional.ofNullable(body.carrier()), Optional.ofNullable(body.trackingNumber()));
            ctx.status(201).json(portal.fulfill(c.ctx(), c.vendor(), order, shipment));
        });
        routes.get("/vendor/earnings", ctx -> {
            Call c = call(ctx, "payout", "read");
            ctx.json(portal.earnings(c.ctx(), c.vendor()));
        });
        routes.get("/vendor/payouts", ctx -> {
            Call c = call(ctx, "payout", "list");
            ctx.json(portal.payouts(c.ctx(), c.vendor()));
        });
        routes.post("/vendor/payouts/requests", ctx -> {
            Call c = call(ctx, "payout", ExamplePolicy.REQUEST_PAYOUT);
            ctx.status(201).json(portal.requestPayout(c.ctx(), c.vendor()));
        });
    }

    /** A fulfillment's shipment; both fields optional. */
    record ShipmentBody(String carrier, String trackingNumber) {
    }

    private record Call(TenantContext ctx, VendorId vendor) {
    }

    private Call call(Context http, String kind, String action) {
        return call(http, kind, "*", action);
    }

    /**
     * Resolves and authenticates, picks the vendor, and asks the authorizer about {@code action} on
     * resource {@code kind}/{@code id} of that vendor ({@code *}: the vendor's whole collection).
     */
    private Call call(Context http, String kind, String id, String action) {
        TenantContext ctx = gate.tenant(http);
        VendorId vendor = vendor(http, ctx.principal());
        gate.require(ctx, Resource.of(kind, id, ctx.tenant()).with("vendor", vendor.toString()), action);
        return new Call(ctx, vendor);
    }

    /** The vendor named by {@code ?vendor=}, else the caller's one vendor (a token's {@code vendor_ids} claim). */
    private static VendorId vendor(Context http, Principal who) {
        String named = http.queryParam("vendor");
        if (named != null) {
            return VendorId.parse(named);
        }
        if (who.vendors().size() == 1) {
            return VendorId.parse(who.vendors().iterator().next());
        }
        throw CityOsException.invalid("vendor", null, "must be named with ?vendor=<id>: the caller belongs to "
                + who.vendors().size() + " vendors");
    }

    static PageRequest page(Context ctx) {
        String limit = ctx.queryParam("limit");
        int n;
        try {
            n = limit == null ? 20 : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw CityOsException.invalid("limit", limit, "must be a whole number");
        }
        PageRequest page = PageRequest.first(n);
        String after = ctx.queryParam("after");
        return after == null ? page : page.after(after);
    }
}
