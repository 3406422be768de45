package org.cityos.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.cityos.billing.Billing;
import org.cityos.billing.payment.ChargeResult;
import org.cityos.billing.plan.NewPlan;
import org.cityos.billing.plan.Plan;
import org.cityos.billing.rules.Pricing;
import org.cityos.billing.run.RunReport;
import org.cityos.core.CityOs;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.ScopeKind;
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
 * One billing run over {@code subscriptions} due subscriptions on embedded PostgreSQL, with a
 * gateway that succeeds at once (lock, advance, number, issue, event, charge, record paid),
 * beside the floor: inserting the same invoice rows with plain JDBC batches in one transaction.
 * Each iteration starts from freshly seeded subscriptions, each with last month's paid invoice
 * (so the run, like a real one, writes into an invoice table with history), and analyzed tables:
 * PostgreSQL plans a foreign-key check once per connection, and one planned on a just-emptied
 * invoice table may pick any index led by tenant_id and scan the whole tenant per check. The
 * score is milliseconds per run, so invoices per second is {@code subscriptions / score * 1000}.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class BillingRunBenchmark {
    private static final Instant NOW = Instant.parse("2026-02-01T00:00:00Z");
    private static final Instant ANCHOR = Instant.parse("2026-01-01T00:00:00Z");

    @Param({"POSTGRES"})
    public String database;

    @Param({"10000"})
    public int subscriptions;

    @Param({"500"})
    public int page;

    private TestDatabase db;
    private Billing billing;
    private TenantContext ctx;
    private Plan plan;

    @Setup(Level.Trial)
    public void setUp() {
        db = TestDatabase.create(DatabaseKind.valueOf(database));
        CityOs cityOs = db.cityOs(TestClock.at(NOW.toString()));
        billing = Billing.create(cityOs, request -> new ChargeResult.Succeeded("pay_" + request.attempt()));
        Principal admin = Principal.system("bench");
        cityOs.tenancy().hierarchy().createCountry(admin, "SA", "Saudi Arabia");
        Scope city = cityOs.tenancy().hierarchy().createScope(admin, "SA", "riyadh", "Riyadh", ScopeKind.CITY);
        Category cat = cityOs.tenancy().hierarchy().createCategory(admin, "services", "Services");
        var tenant = cityOs.tenancy().tenants().create(admin, NewTenant.of("gym", "Gym", city.id(), cat.id(), "SAR"));
        ctx = TenantContext.of(tenant.id(), admin);
        plan = billing.plans().create(ctx, NewPlan.monthly("basic", "Basic", Pricing.flat(1500)));
    }

    /** Empties the billing tables and seeds the due subscriptions, as the schema owner. */
    @Setup(Level.Iteration)
    public void seed() throws SQLException {
        try (Connection c = db.ownerDataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("truncate billing_payment_attempt, billing_invoice_line, billing_invoice,"
                        + " billing_invoice_counter, billing_subscription, billing_customer, outbox_event");
            }
            Timestamp at = Timestamp.from(NOW);
            try (PreparedStatement cust = c.prepareStatement("insert into billing_customer (tenant_id, customer_id,"
                    + " gateway_customer_ref, payment_method_ref, credit_balance, created_at, updated_at)"
                    + " values (?, ?, ?, ?, 0, ?, ?)");
                 PreparedStatement sub = c.prepareStatement("insert into billing_subscription (tenant_id, id,"
                         + " customer_id, plan_id, quantity, status, started_at, anchor_at, period_index, period_start,"
                         + " period_end, next_billing_at, cancel_at_period_end, row_version, created_at, updated_at)"
                         + " values (?, ?, ?, ?, 1, 'active', ?, ?, 0, ?, ?, ?, false, 0, ?, ?)")) {
                Timestamp anchor = Timestamp.from(ANCHOR);
                for (int i = 0; i < subscriptions; i++) {
                    String customer = "c" + i;
                    cust.setObject(1, ctx.tenant().value());
                    cust.setString(2, customer);
                    cust.setString(3, "cus_" + i);
                    cust.setString(4, "pm_" + i);
                    cust.setTimestamp(5, at);
                    cust.setTimestamp(6, at);
                    cust.addBatch();
                    sub.setObject(1, ctx.tenant().value());
                    sub.setObject(2, subscription(i));
                    sub.setString(3, customer);
                    sub.setObject(4, plan.id().value());
                    sub.setTimestamp(5, anchor);
                    sub.setTimestamp(6, anchor);
                    sub.setTimestamp(7, anchor);
                    sub.setTimestamp(8, at);
                    sub.setTimestamp(9, at);
                    sub.setTimestamp(10, anchor);
                    sub.setTimestamp(11, anchor);
                    sub.addBatch();
                    if (i % 1000 == 999) {
                        cust.executeBatch();
                        sub.executeBatch();
                    }
                }
                cust.executeBatch();
                sub.executeBatch();
            }
            // last month's invoices, paid: numbers 1..N, so the run's numbers start at N + 1
            try (PreparedStatement inv = c.prepareStatement("insert into billing_invoice (tenant_id, id, seq,"
                    + " invoice_number, customer_id, subscription_id, kind, period_start, service_start, service_end,"
                    + " currency, subtotal, credit_applied, amount_due, status, issued_at, paid_at, closed_at,"
                    + " attempt_count, created_at, updated_at)"
                    + " values (?, ?, ?, ?, ?, ?, 'period', ?, ?, ?, 'SAR', 1500, 0, 1500, 'paid', ?, ?, ?, 1, ?, ?)");
                 PreparedStatement counter = c.prepareStatement("insert into billing_invoice_counter (tenant_id,"
                         + " last_number) values (?, ?)")) {
                Timestamp anchor = Timestamp.from(ANCHOR);
                for (int i = 0; i < subscriptions; i++) {
                    inv.setObject(1, ctx.tenant().value());
                    inv.setObject(2, new UUID(0x0190000000006000L, 0x8000000000000000L | i));
                    inv.setLong(3, i + 1);
                    inv.setString(4, String.format("INV-%06d", i + 1));
                    inv.setString(5, "c" + i);
                    inv.setObject(6, subscription(i));
                    inv.setTimestamp(7, anchor);
                    inv.setTimestamp(8, anchor);
                    inv.setTimestamp(9, at);
                    for (int k = 10; k <= 14; k++) {
                        inv.setTimestamp(k, anchor);
                    }
                    inv.addBatch();
                    if (i % 1000 == 999) {
                        inv.executeBatch();
                    }
                }
                inv.executeBatch();
                counter.setObject(1, ctx.tenant().value());
                counter.setLong(2, subscriptions);
                counter.executeUpdate();
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("analyze");
            }
        }
    }

    private static UUID subscription(int i) {
        return new UUID(0x0190000000007000L, 0x8000000000000000L | i);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        db.close();
    }

    @Benchmark
    public RunReport library_billing_run() {
        RunReport r = billing.run().runDue(ctx, page);
        if (r.invoicesIssued() != subscriptions || r.paid() != subscriptions) {
            throw new IllegalStateException("expected " + subscriptions + " paid invoices, got " + r);
        }
        return r;
    }

    /**
     * The floor: the same invoice rows (open, period start now, numbers after last month's) in JDBC
     * batches of {@code page}, one transaction.
     */
    @Benchmark
    public int jdbc_insert_invoices() throws SQLException {
        int n = 0;
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("select set_config('cityos.tenant_id', ?, true)")) {
                ps.setString(1, ctx.tenant().value().toString());
                ps.executeQuery().close();
            }
            Timestamp at = Timestamp.from(NOW);
            Timestamp end = Timestamp.from(Instant.parse("2026-03-01T00:00:00Z"));
            try (PreparedStatement ps = c.prepareStatement("insert into billing_invoice (tenant_id, id, seq,"
                    + " invoice_number, customer_id, subscription_id, kind, period_start, service_start, service_end,"
                    + " currency, subtotal, credit_applied, amount_due, status, issued_at, attempt_count, created_at,"
                    + " updated_at) values (?, ?, ?, ?, ?, ?, 'period', ?, ?, ?, 'SAR', 1500, 0, 1500, 'open', ?, 1, ?, ?)")) {
                for (int i = 0; i < subscriptions; i++) {
                    ps.setObject(1, ctx.tenant().value());
                    ps.setObject(2, UUID.randomUUID());
                    ps.setLong(3, subscriptions + i + 1);
                    ps.setString(4, String.format("INV-%06d", subscriptions + i + 1));
                    ps.setString(5, "c" + i);
                    ps.setObject(6, subscription(i));
                    ps.setTimestamp(7, at);
                    ps.setTimestamp(8, at);
                    ps.setTimestamp(9, end);
                    ps.setTimestamp(10, at);
                    ps.setTimestamp(11, at);
                    ps.setTimestamp(12, at);
                    ps.addBatch();
                    if (i % page == page - 1) {
                        for (int k : ps.executeBatch()) {
                            n += k;
                        }
                    }
                }
                for (int k : ps.executeBatch()) {
                    n += k;
                }
            }
            c.commit();
        }
        return n;
    }
}
