package org.cityos.examples.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.Country;
import org.cityos.core.tenancy.Hierarchy;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.core.tenancy.Subcategory;
import org.cityos.core.tenancy.Tenant;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.commission.NewCommissionRule;
import org.cityos.marketplace.order.Order;
import org.cityos.marketplace.order.OrderLine;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.order.VendorOrder;
import org.cityos.marketplace.payout.AlwaysPaysProvider;
import org.cityos.marketplace.payout.Payout;
import org.cityos.marketplace.payout.VendorBalance;
import org.cityos.marketplace.vendor.PayoutAccount;
import org.cityos.marketplace.vendor.Vendor;

/**
 * Replays a {@link Scenario} through the library's public services on a fresh database and
 * builds the report (format: {@code shared/spec/scenarios.md}). Every figure in the report is
 * read back through the services from the database; nothing is recomputed here. Payouts go
 * through the {@link AlwaysPaysProvider}.
 */
public final class ScenarioRunner {
    private static final Principal RUNNER = Principal.system("scenario");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Scenario scenario;
    private final ScenarioClock clock;
    private final CityOs cityOs;
    private final Marketplace market;
    private final Map<String, TenantContext> tenants = new HashMap<>();

    private ScenarioRunner(Scenario scenario, DataSource dataSource, DataSource owner) {
        this.scenario = scenario;
        Instant start = scenario.steps().isEmpty() ? Instant.parse("2026-01-01T00:00:00Z") : scenario.steps().get(0).at();
        this.clock = new ScenarioClock(start);
        this.cityOs = CityOs.builder().dataSource(dataSource).migrationDataSource(owner).clock(clock).build();
        this.market = Marketplace.builder(cityOs).payoutProvider(new AlwaysPaysProvider()).build();
    }

    /**
     * Replays {@code scenario} on a fresh database and returns the report.
     *
     * @param dataSource the connections the library runs on
     * @param owner the connections migrations run on (the schema owner; may be {@code dataSource})
     * @throws InvalidScenarioException when the setup itself is refused (e.g. an invalid initial rule set)
     */
    public static ObjectNode run(Scenario scenario, DataSource dataSource, DataSource owner)
            throws InvalidScenarioException {
        return new ScenarioRunner(scenario, dataSource, owner).replay();
    }

    /** Replays {@code scenario} on a fresh in-memory H2 database. */
    public static ObjectNode runEmbedded(Scenario scenario) throws InvalidScenarioException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("cityos-scenario");
        config.setJdbcUrl("jdbc:h2:mem:scenario-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(4);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            return run(scenario, ds, ds);
        }
    }

    /** The report as the expected files are written (2-space indent). */
    public static String render(ObjectNode report) {
        return Json2.pretty(report);
    }

    private ObjectNode replay() throws InvalidScenarioException {
        setUp();
        ArrayNode errors = JSON.arrayNode();
        for (Scenario.Step step : scenario.steps()) {
            clock.set(step.at());
            try {
                apply(step);
            } catch (CityOsException e) {
                ObjectNode err = errors.addObject();
                err.put("step", step.index());
                err.put("code", e.code().code());
                err.put("message", e.getMessage());
            }
        }
        ObjectNode report = JSON.objectNode();
        ArrayNode out = report.putArray("tenants");
        for (Scenario.TenantSpec t : scenario.tenants()) {
            out.add(tenantReport(t.id()));
        }
        report.set("errors", errors);
        return report;
    }

    private void setUp() throws InvalidScenarioException {
        String where = "tenants";
        try {
            Hierarchy h = cityOs.tenancy().hierarchy();
            for (Scenario.TenantSpec t : scenario.tenants()) {
                where = "tenant '" + t.id() + "'";
                Country country = h.country(t.country()).orElseGet(() -> h.createCountry(RUNNER, t.country(), t.country()));
                Scope scope = h.scope(country.code(), t.scope())
                        .orElseGet(() -> h.createScope(RUNNER, country.code(), t.scope(), t.scope(), ScopeKind.CITY));
                Category category = h.category(t.category())
                        .orElseGet(() -> h.createCategory(RUNNER, t.category(), t.category()));
                NewTenant nt = NewTenant.of(t.id(), t.id(), scope.id(), category.id(), t.currency()).settings(t.settings());
                if (t.subcategory().isPresent()) {
                    Subcategory sub = h.subcategory(category.id(), t.subcategory().get()).orElseGet(() ->
                            h.createSubcategory(RUNNER, category.id(), t.subcategory().get(), t.subcategory().get()));
                    nt = nt.subcategory(sub.id());
                }
                Tenant tenant = cityOs.tenancy().tenants().create(RUNNER, nt);
                tenants.put(t.id(), TenantContext.system(tenant.id(), "scenario"));
            }
            for (Scenario.VendorSpec v : scenario.vendors()) {
                where = "vendor '" + v.id() + "'";
                TenantContext ctx = tenants.get(v.tenant());
                Vendor created = market.vendors().apply(ctx, new org.cityos.marketplace.vendor.NewVendor(v.id(), v.name()));
                if (v.payoutAccount()) {
                    market.vendors().setPayoutAccount(ctx, new PayoutAccount(created.id(), "scenario", "acct_" + v.id(), true));
                }
                switch (v.status()) {
                    case ACTIVE -> market.vendors().approve(ctx, created.id());
                    case REJECTED -> market.vendors().reject(ctx, created.id());
                    case SUSPENDED -> {
                        market.vendors().approve(ctx, created.id());
                        market.vendors().suspend(ctx, created.id());
                    }
                    case PENDING -> {
                    }
                }
            }
            for (Scenario.ProductSpec p : scenario.products()) {
                where = "product '" + p.id() + "'";
                market.products().link(tenants.get(p.tenant()), p.id(),
                        p.vendor().map(VendorRef::handle).orElse(VendorRef.platform()), p.category());
            }
            Map<String, List<NewCommissionRule>> rules = new LinkedHashMap<>();
            for (Scenario.RuleSpec r : scenario.rules()) {
                rules.computeIfAbsent(r.tenant(), k -> new ArrayList<>()).add(r.rule());
            }
            for (Map.Entry<String, List<NewCommissionRule>> e : rules.entrySet()) {
                where = "commission_rules of tenant '" + e.getKey() + "'";
                market.commissionRules().replace(tenants.get(e.getKey()), e.getValue());
            }
        } catch (CityOsException e) {
            throw new InvalidScenarioException(where + ": " + e.code().code() + ": " + e.getMessage(), e);
        }
    }

    private void apply(Scenario.Step step) {
        TenantContext ctx = tenants.get(step.tenant());
        if (step instanceof Scenario.PlaceOrder s) {
            market.orders().place(ctx, s.order());
        } else if (step instanceof Scenario.Fulfill s) {
            market.orders().fulfill(ctx, s.order(), vendorRef(s.vendor()), new Shipment(s.carrier(), s.tracking()));
        } else if (step instanceof Scenario.Cancel s) {
            market.orders().cancel(ctx, s.order(), vendorRef(s.vendor()));
        } else if (step instanceof Scenario.Refund s) {
            market.orders().refund(ctx, s.order(), s.line(), s.quantity());
        } else if (step instanceof Scenario.SetVendorStatus s) {
            Vendor v = market.vendors().require(ctx, VendorRef.handle(s.vendor()));
            market.vendors().changeStatus(ctx, v.id(), s.status());
        } else if (step instanceof Scenario.SetCommissionRules s) {
            market.commissionRules().replace(ctx, s.rules());
        } else if (step instanceof Scenario.RunPayouts) {
            market.payouts().run(ctx);
        }
    }

    private static VendorRef vendorRef(Optional<String> handle) {
        return handle.map(VendorRef::handle).orElse(VendorRef.platform());
    }

    private ObjectNode tenantReport(String tenantId) {
        TenantContext ctx = tenants.get(tenantId);
        ObjectNode t = JSON.objectNode();
        t.put("id", tenantId);

        // vendors in input order; handles of vendor orders and payouts come from the vendors service
        List<String> vendorOrder = new ArrayList<>();
        for (Scenario.VendorSpec v : scenario.vendors()) {
            if (v.tenant().equals(tenantId)) {
                vendorOrder.add(v.id());
            }
        }
        Map<VendorId, String> handles = new HashMap<>();
        Map<String, VendorBalance> balances = new HashMap<>();
        for (VendorBalance b : market.payouts().balances(ctx)) {
            handles.put(b.vendor(), b.handle());
            balances.put(b.handle(), b);
        }

        ArrayNode orders = t.putArray("orders");
        Set<String> orderIds = new LinkedHashSet<>();
        for (Scenario.Step s : scenario.steps()) {
            if (s instanceof Scenario.PlaceOrder p && s.tenant().equals(tenantId)) {
                orderIds.add(p.order().orderId());
            }
        }
        for (String id : orderIds) {
            Optional<Order> order = market.orders().get(ctx, id);
            if (order.isEmpty()) {
                continue;
            }
            ObjectNode o = orders.addObject();
            o.put("id", order.get().orderId());
            ArrayNode vos = o.putArray("vendor_orders");
            for (VendorOrder vo : order.get().vendorOrders()) {
                ObjectNode x = vos.addObject();
                if (vo.vendor().isPresent()) {
                    x.put("vendor", handles.get(vo.vendor().get()));
                } else {
                    x.putNull("vendor");
                }
                x.put("status", vo.status().wire());
                x.put("subtotal", vo.subtotal());
                x.put("discount", vo.discount());
                x.put("shipping", vo.shipping());
                x.put("commission", vo.commission());
                x.put("vendor_net", vo.vendorNet());
                ArrayNode lines = x.putArray("lines");
                for (OrderLine l : vo.lines()) {
                    ObjectNode y = lines.addObject();
                    y.put("id", l.lineId());
                    y.put("basis", l.basis());
                    y.put("refunded_quantity", l.refundedQuantity());
                    y.put("commission", l.commission());
                }
            }
        }

        ArrayNode vendors = t.putArray("vendors");
        for (String handle : vendorOrder) {
            VendorBalance b = balances.get(handle);
            ObjectNode v = vendors.addObject();
            v.put("id", handle);
            v.put("status", b.status().wire());
            v.put("pending", b.pending());
            v.put("available", b.available());
            v.put("paid", b.paid());
        }

        ArrayNode payouts = t.putArray("payouts");
        List<Payout> list = new ArrayList<>(market.payouts().list(ctx));
        list.sort(Comparator.comparing((Payout p) -> p.runAt().toInstant())
                .thenComparing(p -> vendorOrder.indexOf(handles.get(p.vendor()))));
        for (Payout p : list) {
            ObjectNode x = payouts.addObject();
            x.put("vendor", handles.get(p.vendor()));
            x.put("amount", p.amount());
            x.put("status", p.status().wire());
            x.put("at", p.runAt().toInstant().toString());
        }
        return t;
    }

}
