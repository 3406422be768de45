package org.cityos.examples.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.javalin.config.RoutesConfig;
import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.identity.authz.Resource;
import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.Hierarchy;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.Tenant;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.vendor.MemberRole;
import org.cityos.marketplace.vendor.NewVendor;
import org.cityos.marketplace.vendor.PayoutAccount;

/**
 * The operator's endpoints: tenants for platform admins ({@code /admin/tenants}, no tenant
 * resolved), and per tenant its vendors (apply, approve, members, payout account), product links
 * and orders. Each tenant endpoint asks the authorizer before calling the marketplace.
 */
final class AdminRoutes {
    private final RequestGate gate;
    private final CityOs cityOs;
    private final Marketplace market;

    AdminRoutes(RequestGate gate, CityOs cityOs, Marketplace market) {
        this.gate = gate;
        this.cityOs = cityOs;
        this.market = market;
    }

    void register(RoutesConfig routes) {
        routes.get("/admin/tenants", ctx -> {
            gate.platformAdmin(ctx);
            ctx.json(cityOs.tenancy().tenants().list(VendorRoutes.page(ctx)));
        });
        routes.post("/admin/tenants", ctx -> {
            Principal admin = gate.platformAdmin(ctx);
            TenantBody b = ApiJson.read(ctx, TenantBody.class);
            ctx.status(201).json(cityOs.tenancy().tenants().create(admin, b.toNewTenant(cityOs.tenancy().hierarchy())));
        });

        routes.get("/admin/vendors", ctx -> {
            TenantContext t = gate.tenant(ctx);
            gate.require(t, Resource.of("vendor", "*", t.tenant()), "list");
            ctx.json(market.vendors().list(t, VendorRoutes.page(ctx)));
        });
        routes.post("/admin/vendors", ctx -> {
            TenantContext t = gate.tenant(ctx);
            gate.require(t, Resource.of("vendor", "new", t.tenant()), "create");
            VendorBody b = ApiJson.read(ctx, VendorBody.class);
            ctx.status(201).json(market.vendors().apply(t, NewVendor.of(b.handle(), b.name())));
        });
        routes.post("/admin/vendors/{id}/approve", ctx -> {
            TenantContext t = gate.tenant(ctx);
            VendorId vendor = VendorId.parse(ctx.pathParam("id"));
            gate.require(t, vendor(t, vendor), "approve");
            ctx.json(market.vendors().approve(t, vendor));
        });
        routes.post("/admin/vendors/{id}/members", ctx -> {
            TenantContext t = gate.tenant(ctx);
            VendorId vendor = VendorId.parse(ctx.pathParam("id"));
            gate.require(t, vendor(t, vendor), "manage_members");
            MemberBody b = ApiJson.read(ctx, MemberBody.class);
            ctx.status(201).json(market.vendors().putMember(t, vendor, b.subject(), role(b.role())));
        });
        routes.put("/admin/vendors/{id}/payout-account", ctx -> {
            TenantContext t = gate.tenant(ctx);
            VendorId vendor = VendorId.parse(ctx.pathParam("id"));
            gate.require(t, vendor(t, vendor), "set_payout_account");
            AccountBody b = ApiJson.read(ctx, AccountBody.class);
            PayoutAccount a = market.vendors().setPayoutAccount(t,
                    new PayoutAccount(vendor, b.provider(), b.externalAccountId(), true));
            // never echo the account number itself
            ctx.json(Map.of("vendor", vendor.toString(), "provider", a.provider(), "account", a.maskedAccount(),
                    "status", a.status().wire()));
        });

        routes.post("/admin/products", ctx -> {
            TenantContext t = gate.tenant(ctx);
            ProductBody b = ApiJson.read(ctx, ProductBody.class);
            Optional<VendorId> vendor = Optional.ofNullable(b.vendor()).map(VendorId::parse);
            gate.require(t, vendor.map(v -> vendor(t, v)).orElse(Resource.of("vendor", "platform", t.tenant())),
                    "link_product");
            VendorRef seller = vendor.map(VendorRef::of).orElse(VendorRef.platform());
            ctx.status(201).json(market.products().link(t, b.productId(), seller, Optional.ofNullable(b.category())));
        });

        routes.post("/admin/orders", ctx -> {
            TenantContext t = gate.tenant(ctx);
            gate.require(t, Resource.of("order", "new", t.tenant()), "create");
            OrderBody b = ApiJson.read(ctx, OrderBody.class);
            ctx.status(201).json(market.orders().place(t, b.toNewOrder()));
        });
    }

    private static Resource vendor(TenantContext t, VendorId vendor) {
        return Resource.of("vendor", vendor, t.tenant()).with("vendor", vendor.toString());
    }

    /** A vendor named in a body: its id when it is a UUID, else its handle. */
    static VendorRef ref(String vendor) {
        return vendor.length() == 36 && vendor.indexOf('-') == 8 ? VendorRef.of(VendorId.parse(vendor))
                : VendorRef.handle(vendor);
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw CityOsException.invalid(field, value, "is required");
        }
        return value;
    }

    private static MemberRole role(String text) {
        try {
            return MemberRole.valueOf(String.valueOf(text).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CityOsException.invalid("member role", text, "must be owner, admin or staff");
        }
    }

    /** {@code POST /admin/tenants}: the scope is named by country and handle, the category by handle. */
    record TenantBody(String handle, String name, String country, String scope, String category, String currency,
                      String locale, String timeZone) {
        NewTenant toNewTenant(Hierarchy h) {
            Scope s = h.scope(required("country", country).toUpperCase(Locale.ROOT), required("scope", scope))
                    .orElseThrow(() -> CityOsException.invalid("scope", country + "/" + scope, "does not exist"));
            Category c = h.category(required("category", category))
                    .orElseThrow(() -> CityOsException.invalid("category", category, "does not exist"));
            NewTenant t = NewTenant.of(handle, name, s.id(), c.id(), currency);
            return locale == null && timeZone == null ? t
                    : t.locale(locale == null ? "en" : locale, timeZone == null ? "UTC" : timeZone);
        }
    }

    /** {@code POST /admin/vendors}. */
    record VendorBody(String handle, String name) {
    }

    /** {@code POST /admin/vendors/{id}/members}: the member's token subject and role. */
    record MemberBody(String subject, String role) {
    }

    /** {@code PUT /admin/vendors/{id}/payout-account}: an account the operator has verified. */
    record AccountBody(String provider, String externalAccountId) {
    }

    /** {@code POST /admin/products}: the host's product id and its seller's vendor id (none: the platform). */
    record ProductBody(String productId, String vendor, String category) {
    }

    /** {@code POST /admin/orders}: amounts in minor units; shipping by vendor id or handle. */
    record OrderBody(String orderId, List<Line> lines, long discount, Map<String, Long> shipping) {
        NewOrder toNewOrder() {
            List<NewOrderLine> out = new ArrayList<>();
            for (Line l : lines == null ? List.<Line>of() : lines) {
                if (l == null) {
                    throw CityOsException.invalid("order line", null, "must be an object");
                }
                out.add(NewOrderLine.of(l.lineId(), l.productId(), l.quantity(), l.unitPrice()));
            }
            NewOrder o = new NewOrder(orderId, out, 0, Map.of()).withDiscount(discount);
            if (shipping != null) {
                for (Map.Entry<String, Long> e : shipping.entrySet()) {
                    o = o.withShipping(ref(e.getKey()), e.getValue() == null ? 0 : e.getValue());
                }
            }
            return o;
        }
    }

    /** One line of {@link OrderBody}. */
    record Line(String lineId, String productId, long quantity, long unitPrice) {
    }
}
