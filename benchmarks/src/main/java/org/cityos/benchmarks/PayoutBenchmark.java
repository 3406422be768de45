package org.cityos.benchmarks;

import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import org.cityos.core.CityOs;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.marketplace.DateRange;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.payout.AlwaysPaysProvider;
import org.cityos.marketplace.payout.PayoutRun;
import org.cityos.marketplace.payout.VendorBalance;
import org.cityos.marketplace.report.ReportTotals;
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
 * Payouts and reports over many vendors and released vendor orders (one line each), set up with
 * plain batched inserts: a whole payout run (balances, one pending payout per vendor, the provider
 * asked for each) and the balance pass it runs on, beside the hand-written SQL aggregate that
 * finds what to pay; and the commission report as CSV beside the same rows written from a plain
 * JDBC cursor. Scale with {@code -p vendors=10000 -p lines=1000000}.
 *
 * <p>Each vendor also has {@value #HISTORY} earlier paid payouts, and PostgreSQL's statistics are
 * taken after loading: a run on a payout table that the statistics think empty gets plans that
 * scan the tenant's payouts for every batch (see docs/marketplace.md), which a real database with
 * history does not.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PayoutBenchmark {
    /** The floor of the payout run: which vendors to pay and how much, in one statement. */
    static final String AGGREGATE = "select v.id, coalesce(e.released, 0) - coalesce(p.committed, 0) + coalesce(r.reversed, 0)"
            + " from mkt_vendor v"
            + " join mkt_payout_account a on a.tenant_id = v.tenant_id and a.vendor_id = v.id and a.status = 'ACTIVE'"
            + " left join (select vendor_id, sum(case when status = 'FULFILLED' and released_at <= ? then vendor_net else 0 end)"
            + "   as released from mkt_vendor_order where tenant_id = ? and vendor_id is not null group by vendor_id) e"
            + "   on e.vendor_id = v.id"
            + " left join (select vendor_id, sum(case when status <> 'FAILED' then amount else 0 end) as committed"
            + "   from mkt_payout where tenant_id = ? group by vendor_id) p on p.vendor_id = v.id"
            + " left join (select vendor_id, sum(amount) as reversed from mkt_payout_reversal where tenant_id = ?"
            + "   group by vendor_id) r on r.vendor_id = v.id"
            + " where v.tenant_id = ? and v.status = 'ACTIVE'";
    static final String REPORT = "select vo.placed_at, o.external_id, vo.id, v.handle, vo.status, vo.fulfilled_at,"
            + " vo.released_at, o.currency, vo.subtotal, vo.discount, vo.refunded_basis, vo.shipping,"
            + " vo.subtotal - vo.discount - vo.refunded_basis + vo.shipping, vo.commission, vo.vendor_net"
            + " from mkt_vendor_order vo join mkt_order o on o.tenant_id = vo.tenant_id and o.id = vo.order_id"
            + " join mkt_vendor v on v.tenant_id = vo.tenant_id and v.id = vo.vendor_id"
            + " where vo.tenant_id = ? and o.tenant_id = ? and v.tenant_id = ? and vo.placed_at >= ? and vo.placed_at < ?"
            + " order by vo.placed_at, vo.id";
    static final OffsetDateTime T0 = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    /** Earlier runs' payouts per vendor, paid, in January (each of 1000, less than every vendor earned). */
    static final int HISTORY = 3;
    /** Where the benchmark's own runs start: payouts from here on are deleted before each run. */
    static final OffsetDateTime RUNS_FROM = OffsetDateTime.of(2026, 2, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    @Param({"H2", "POSTGRES"})
    public String database;

    @Param({"1000"})
    public int vendors;

    @Param({"100000"})
    public int lines;

    private TestDatabase db;
    private TestClock clock;
    private long calls;
    private Marketplace market;
    private TenantContext ctx;
    private DataSource ds;
    private boolean postgres;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        db = TestDatabase.create(DatabaseKind.valueOf(database));
        postgres = db.kind() == DatabaseKind.POSTGRES;
        clock = TestClock.at("2026-02-01T00:00:00Z");
        CityOs cityOs = db.cityOs(clock);
        market = Marketplace.builder(cityOs).payoutProvider(new AlwaysPaysProvider()).build();
        ds = db.dataSource();
        Principal admin = Principal.system("bench");
        cityOs.tenancy().hierarchy().createCountry(admin, "SA", "Saudi Arabia");
        Scope city = cityOs.tenancy().hierarchy().createScope(admin, "SA", "riyadh", "Riyadh", ScopeKind.CITY);
        Category cat = cityOs.tenancy().hierarchy().createCategory(admin, "food", "Food");
        var tenant = cityOs.tenancy().tenants().create(admin, NewTenant.of("t0", "T0", city.id(), cat.id(), "SAR"));
        ctx = TenantContext.of(tenant.id(), admin);
        load(tenant.id().value());
    }

    /** Vendors with active accounts, then one order, vendor order and line per released line, batched. */
    private void load(UUID tenant) throws SQLException {
        try (Connection c = db.ownerDataSource().getConnection()) {
            c.setAutoCommit(false);
            List<UUID> vendorIds = new ArrayList<>();
            try (PreparedStatement v = c.prepareStatement("insert into mkt_vendor (tenant_id, id, handle, name, status,"
                    + " created_at, updated_at) values (?, ?, ?, ?, 'ACTIVE', ?, ?)");
                 PreparedStatement a = c.prepareStatement("insert into mkt_payout_account (tenant_id, vendor_id, provider,"
                         + " external_account_id, status, created_at, updated_at) values (?, ?, 'bench', ?, 'ACTIVE', ?, ?)")) {
                for (int i = 0; i < vendors; i++) {
                    UUID id = new UUID(0x1000L, i);
                    vendorIds.add(id);
                    v.setObject(1, tenant);
                    v.setObject(2, id);
                    v.setString(3, "v" + i);
                    v.setString(4, "Vendor " + i);
                    v.setObject(5, T0);
                    v.setObject(6, T0);
                    v.addBatch();
                    a.setObject(1, tenant);
                    a.setObject(2, id);
                    a.setString(3, "acct_" + i);
                    a.setObject(4, T0);
                    a.setObject(5, T0);
                    a.addBatch();
                }
                v.executeBatch();
                a.executeBatch();
            }
            try (PreparedStatement o = c.prepareStatement("insert into mkt_order (tenant_id, id, external_id, currency,"
                    + " subtotal, discount, shipping, total, placed_at) values (?, ?, ?, 'SAR', ?, 0, 0, ?, ?)");
                 PreparedStatement vo = c.prepareStatement("insert into mkt_vendor_order (tenant_id, id, order_id, seq_no,"
                         + " vendor_id, status, subtotal, discount, shipping, commission, refunded_basis, vendor_net,"
                         + " placed_at, fulfilled_at, released_at, updated_at)"
                         + " values (?, ?, ?, 1, ?, 'FULFILLED', ?, 0, 0, ?, 0, ?, ?, ?, ?, ?)");
                 PreparedStatement l = c.prepareStatement("insert into mkt_order_line (tenant_id, order_id, line_no,"
                         + " external_id, vendor_order_id, product_id, vendor_id, quantity, unit_price, gross, discount,"
                         + " basis, rule_tier, rate_bps, flat_fee, refunded_quantity, refunded_basis, commission)"
                         + " values (?, ?, 1, 'l1', ?, ?, ?, 1, ?, ?, 0, ?, 'TENANT_DEFAULT', 1000, 0, 0, 0, ?)")) {
                for (int i = 0; i < lines; i++) {
                    UUID order = new UUID(0x2000L, i);
                    UUID vendorOrder = new UUID(0x3000L, i);
                    UUID vendor = vendorIds.get(i % vendors);
                    long amount = 1000 + i % 500;
                    long commission = amount / 10;
                    OffsetDateTime placed = T0.plusSeconds(i % (20L * 86400));
                    o.setObject(1, tenant);
                    o.setObject(2, order);
                    o.setString(3, "o" + i);
                    o.setLong(4, amount);
                    o.setLong(5, amount);
                    o.setObject(6, placed);
                    o.addBatch();
                    vo.setObject(1, tenant);
                    vo.setObject(2, vendorOrder);
                    vo.setObject(3, order);
                    vo.setObject(4, vendor);
                    vo.setLong(5, amount);
                    vo.setLong(6, commission);
                    vo.setLong(7, amount - commission);
                    vo.setObject(8, placed);
                    vo.setObject(9, placed);
                    vo.setObject(10, placed.plusDays(1));
                    vo.setObject(11, placed);
                    vo.addBatch();
                    l.setObject(1, tenant);
                    l.setObject(2, order);
                    l.setObject(3, vendorOrder);
                    l.setString(4, "p" + (i % 5000));
                    l.setObject(5, vendor);
                    l.setLong(6, amount);
                    l.setLong(7, amount);
                    l.setLong(8, amount);
                    l.setLong(9, commission);
                    l.addBatch();
                    if (i % 5000 == 4999 || i == lines - 1) {
                        o.executeBatch();
                        vo.executeBatch();
                        l.executeBatch();
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("insert into mkt_payout (tenant_id, id, vendor_id, amount,"
                    + " currency, status, run_at, idempotency_key, provider, external_account_id, provider_reference,"
                    + " origin, attempts, created_at, updated_at)"
                    + " values (?, ?, ?, 1000, 'SAR', 'PAID', ?, ?, 'bench', ?, ?, 'RUN', 1, ?, ?)")) {
                for (int h = 0; h < HISTORY; h++) {
                    OffsetDateTime runAt = T0.plusDays(7L * (h + 1));
                    for (int i = 0; i < vendors; i++) {
                        UUID id = new UUID(0x4000L + h, i);
                        p.setObject(1, tenant);
                        p.setObject(2, id);
                        p.setObject(3, vendorIds.get(i));
                        p.setObject(4, runAt);
                        p.setString(5, "history-" + id);
                        p.setString(6, "acct_" + i);
                        p.setString(7, "ref-" + id);
                        p.setObject(8, runAt);
                        p.setObject(9, runAt);
                        p.addBatch();
                    }
                    p.executeBatch();
                }
            }
            c.commit();
            if (postgres) {
                try (Statement s = c.createStatement()) {
                    s.execute("analyze");
                }
                c.commit();
            }
        }
    }

    /** Before each payout run: only the history's payouts, so every vendor has the rest of its balance to be paid. */
    @Setup(Level.Invocation)
    public void clearPayouts() throws SQLException {
        try (Connection c = db.ownerDataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("delete from mkt_payout where run_at >= ?")) {
            ps.setObject(1, RUNS_FROM);
            ps.executeUpdate();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        db.close();
    }

    /** The whole run: balances, a pending payout per vendor with audit and event, then the provider per payout. */
    @Benchmark
    public PayoutRun payout_run() {
        clock.advance(java.time.Duration.ofMillis(1)); // one payout per vendor and run time
        PayoutRun run = market.payouts().run(ctx);
        if (run.created().size() != vendors) {
            throw new IllegalStateException("paid " + run.created().size() + " of " + vendors + " vendors");
        }
        return run;
    }

    /** The library's set-based balance pass (what the run reads first), through the tenant guard. */
    @Benchmark
    public List<VendorBalance> payout_balances() {
        clock.advance(java.time.Duration.ofMillis(1)); // a new "now" each call: H2 would reuse an identical query's result
        return market.payouts().balances(ctx);
    }

    /** The floor: the hand-written aggregate that finds every vendor to pay and its amount. */
    @Benchmark
    public List<Object[]> aggregate_sql() throws SQLException {
        List<Object[]> out = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            setTenant(c);
            try (PreparedStatement ps = c.prepareStatement(AGGREGATE)) {
                // a new cut-off each call: H2 would reuse an identical query's result
                ps.setObject(1, OffsetDateTime.of(2026, 2, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusNanos(++calls * 1000));
                for (int i = 2; i <= 5; i++) {
                    ps.setObject(i, ctx.tenant().value());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long available = rs.getLong(2);
                        if (available >= 1) {
                            out.add(new Object[] {rs.getObject(1), available});
                        }
                    }
                }
            }
            c.commit();
        }
        return out;
    }

    /** The commission report of every row as CSV, through the library (cursor, tenant guard, quoting). */
    @Benchmark
    public ReportTotals report_csv() {
        return market.reports().commissions(ctx, DateRange.of(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31)),
                Optional.empty(), new CountingWriter());
    }

    /** The floor: the same rows from a plain JDBC cursor, written as CSV with no quoting. */
    @Benchmark
    public long report_jdbc() throws SQLException, IOException {
        CountingWriter out = new CountingWriter();
        long rows = 0;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            setTenant(c);
            try (PreparedStatement ps = c.prepareStatement(REPORT)) {
                ps.setFetchSize(500);
                for (int i = 1; i <= 3; i++) {
                    ps.setObject(i, ctx.tenant().value());
                }
                ps.setObject(4, OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
                ps.setObject(5, OffsetDateTime.of(2026, 2, 1, 0, 0, 0, 0, ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.write(rs.getObject(1, OffsetDateTime.class).toInstant().toString());
                        for (int i = 2; i <= 15; i++) {
                            out.write(',');
                            Object v = i == 6 || i == 7 ? rs.getObject(i, OffsetDateTime.class).toInstant() : rs.getObject(i);
                            out.write(String.valueOf(v));
                        }
                        out.write("\r\n");
                        rows++;
                    }
                }
            }
            c.commit();
        }
        return rows + out.chars;
    }

    private void setTenant(Connection c) throws SQLException {
        if (postgres) {
            try (PreparedStatement ps = c.prepareStatement("select set_config('cityos.tenant_id', ?, true)")) {
                ps.setString(1, ctx.tenant().value().toString());
                ps.executeQuery().close();
            }
        }
    }

    /** A writer that only counts, so both report paths pay for formatting but not for storage. */
    static final class CountingWriter extends Writer {
        long chars;

        @Override
        public void write(char[] buf, int off, int len) {
            chars += len;
        }

        @Override
        public void write(String s) {
            chars += s.length();
        }

        @Override
        public void write(int c) {
            chars++;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
