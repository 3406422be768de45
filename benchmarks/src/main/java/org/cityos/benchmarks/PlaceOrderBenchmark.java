package org.cityos.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import org.cityos.core.CityOs;
import org.cityos.core.Ids;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.core.tenancy.Tenant;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.commission.NewCommissionRule;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Order;
import org.cityos.marketplace.payout.AlwaysPaysProvider;
import org.cityos.marketplace.vendor.NewVendor;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.DatabaseKind;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Placing and splitting an order of 6 lines over 3 vendors through the library (validation,
 * frozen rules, discount allocation, commissions, the outbox events with their subscriber
 * delivery, the audit row) beside the floor: the same order, vendor order, line, event and audit
 * rows inserted with plain JDBC batches in one transaction.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlaceOrderBenchmark {
    @Param({"H2", "POSTGRES"})
    public String database;

    private TestDatabase db;
    private Marketplace market;
    private TenantContext ctx;
    private DataSource ds;
    private boolean postgres;
    private TestClock clock;
    private final AtomicLong counter = new AtomicLong();
    private final UUID[] vendors = new UUID[3];

    @Setup(Level.Trial)
    public void setUp() {
        db = TestDatabase.create(DatabaseKind.valueOf(database));
        postgres = db.kind() == DatabaseKind.POSTGRES;
        clock = TestClock.at("2026-01-01T00:00:00Z");
        CityOs cityOs = db.cityOs(clock);
        market = Marketplace.builder(cityOs).payoutProvider(new AlwaysPaysProvider()).build();
        ds = db.dataSource();
        Principal admin = Principal.system("bench");
        cityOs.tenancy().hierarchy().createCountry(admin, "SA", "Saudi Arabia");
        var city = cityOs.tenancy().hierarchy().createScope(admin, "SA", "riyadh", "Riyadh", ScopeKind.CITY);
        var cat = cityOs.tenancy().hierarchy().createCategory(admin, "retail", "Retail");
        Tenant t = cityOs.tenancy().tenants().create(admin,
                NewTenant.of("bench", "Bench", city.id(), cat.id(), "SAR").settings(Map.of("default_rate_bps", "1000")));
        ctx = TenantContext.of(t.id(), admin);
        for (int v = 0; v < 3; v++) {
            Vendor vendor = market.vendors().apply(ctx, NewVendor.of("v" + v, "Vendor " + v));
            market.vendors().approve(ctx, vendor.id());
            vendors[v] = vendor.id().value();
            market.products().link(ctx, "p" + v + "a", VendorRef.of(vendor.id()), Optional.of("food"));
            market.products().link(ctx, "p" + v + "b", VendorRef.of(vendor.id()), Optional.of("gifts"));
        }
        market.commissionRules().replace(ctx, List.of(NewCommissionRule.forCategory("gifts", 1200).withFlat(100),
                NewCommissionRule.forVendor(VendorRef.handle("v1"), 800)));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        db.close();
    }

    @Benchmark
    public Order library_place_and_split() {
        long n = counter.incrementAndGet();
        return market.orders().place(ctx, NewOrder.of("o-" + n,
                        NewOrderLine.of("1", "p0a", 2, 4500), NewOrderLine.of("2", "p1a", 1, 25000),
                        NewOrderLine.of("3", "p0b", 2, 6000), NewOrderLine.of("4", "p2a", 3, 1000),
                        NewOrderLine.of("5", "p1b", 1, 1999), NewOrderLine.of("6", "p2b", 4, 250))
                .withDiscount(1000).withShipping(VendorRef.handle("v0"), 1500).withShipping(VendorRef.handle("v2"), 500));
    }

    @Benchmark
    public int jdbc_batch_floor() throws SQLException {
        long n = counter.incrementAndGet();
        UUID tenant = ctx.tenant().value();
        Timestamp now = Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"));
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            if (postgres) {
                try (PreparedStatement ps = c.prepareStatement("select set_config('cityos.tenant_id', ?, true)")) {
                    ps.setString(1, tenant.toString());
                    ps.executeQuery().close();
                }
            }
            UUID order = Ids.next(clock);
            try (PreparedStatement ps = c.prepareStatement("insert into mkt_order (tenant_id, id, external_id, currency,"
                    + " subtotal, discount, shipping, total, placed_at) values (?, ?, ?, 'SAR', ?, ?, ?, ?, ?)")) {
                ps.setObject(1, tenant);
                ps.setObject(2, order);
                ps.setString(3, "j-" + n);
                ps.setLong(4, 66997);
                ps.setLong(5, 1000);
                ps.setLong(6, 2000);
                ps.setLong(7, 67997);
                ps.setTimestamp(8, now);
                ps.executeUpdate();
            }
            UUID[] vos = new UUID[3];
            try (PreparedStatement ps = c.prepareStatement("insert into mkt_vendor_order (tenant_id, id, order_id, seq_no,"
                    + " vendor_id, status, subtotal, discount, shipping, commission, refunded_basis, vendor_net, placed_at,"
                    + " updated_at) values (?, ?, ?, ?, ?, 'PLACED', ?, ?, ?, ?, 0, ?, ?, ?)")) {
                for (int v = 0; v < 3; v++) {
                    vos[v] = Ids.next(clock);
                    ps.setObject(1, tenant);
                    ps.setObject(2, vos[v]);
                    ps.setObject(3, order);
                    ps.setInt(4, v);
                    ps.setObject(5, vendors[v]);
                    ps.setLong(6, 20000);
                    ps.setLong(7, 300);
                    ps.setLong(8, 500);
                    ps.setLong(9, 2000);
                    ps.setLong(10, 18200);
                    ps.setTimestamp(11, now);
                    ps.setTimestamp(12, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into mkt_order_line (tenant_id, order_id, line_no,"
                    + " external_id, vendor_order_id, product_id, vendor_id, category, quantity, unit_price, gross, discount,"
                    + " basis, rule_tier, rate_bps, flat_fee, min_fee, max_fee, refunded_quantity, refunded_basis, commission)"
                    + " values (?, ?, ?, ?, ?, ?, ?, 'food', 2, 4500, 9000, 130, 8870, 'category', 1000, 0, null, null, 0, 0, 887)")) {
                for (int l = 0; l < 6; l++) {
                    ps.setObject(1, tenant);
                    ps.setObject(2, order);
                    ps.setInt(3, l);
                    ps.setString(4, String.valueOf(l + 1));
                    ps.setObject(5, vos[l % 3]);
                    ps.setString(6, "p" + (l % 3) + "a");
                    ps.setObject(7, vendors[l % 3]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into outbox_event (tenant_id, id, event_type,"
                    + " aggregate_type, aggregate_id, payload, occurred_at, actor, request_id) values (?, ?, ?, ?, ?, ?, ?, ?, null)")) {
                for (int e = 0; e < 7; e++) {
                    ps.setObject(1, tenant);
                    ps.setObject(2, Ids.next(clock));
                    ps.setString(3, e == 0 ? "order.placed" : e < 4 ? "vendor_order.created" : "commission.calculated");
                    ps.setString(4, e == 0 ? "order" : "vendor_order");
                    ps.setString(5, e == 0 ? "j-" + n : vos[(e - 1) % 3].toString());
                    ps.setString(6, "{\"orderId\":\"j-" + n + "\",\"subtotal\":66997,\"discount\":1000,\"total\":67997}");
                    ps.setTimestamp(7, now);
                    ps.setString(8, "system:bench");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into audit_log (tenant_id, id, occurred_at, actor, action,"
                    + " outcome, entity_type, entity_id, before_state, after_state, detail, request_id)"
                    + " values (?, ?, ?, 'system:bench', 'order.placed', 'applied', 'order', ?, null, ?, null, null)")) {
                ps.setObject(1, tenant);
                ps.setObject(2, Ids.next(clock));
                ps.setTimestamp(3, now);
                ps.setString(4, "j-" + n);
                ps.setString(5, "{\"orderId\":\"j-" + n + "\",\"total\":67997}");
                ps.executeUpdate();
            }
            c.commit();
            return 18;
        }
    }
}
