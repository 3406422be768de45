package org.cityos.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import org.cityos.core.CityOs;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.StoreId;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.NewStore;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.core.tenancy.Store;
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
 * A tenant-scoped store lookup by id and a 50-store list page through the library (tenant
 * guard, transaction, RLS setting on PostgreSQL, domains) beside the floor: the same SQL in
 * plain JDBC, in a transaction, on the same database and pool.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TenantLookupBenchmark {
    private static final String STORE_BY_ID = "select tenant_id, id, handle, name, status, sales_channel_id, region_id,"
            + " created_at, updated_at from store where tenant_id = ? and id = ?";
    private static final String DOMAINS_OF = "select store_id, domain from domain_route where tenant_id = ?"
            + " and store_id = ? and portal_id is null order by domain";
    private static final String PAGE = "select tenant_id, id, handle, name, status, sales_channel_id, region_id,"
            + " created_at, updated_at from store where tenant_id = ? order by id limit 51";

    @Param({"H2", "POSTGRES"})
    public String database;

    /** Whether the library's tenant guard is on (the default) or off, to show its share. */
    @Param({"true"})
    public boolean guard;

    private TestDatabase db;
    private CityOs cityOs;
    private TenantContext ctx;
    private final List<StoreId> ids = new ArrayList<>();
    private DataSource ds;
    private boolean postgres;

    @Setup(Level.Trial)
    public void setUp() {
        db = TestDatabase.create(DatabaseKind.valueOf(database));
        postgres = db.kind() == DatabaseKind.POSTGRES;
        db.cityOs(TestClock.at("2026-01-01T00:00:00Z")); // migrate as the owner
        cityOs = CityOs.builder().dataSource(db.dataSource()).clock(TestClock.at("2026-01-01T00:00:00Z"))
                .tenantGuard(guard).migrateOnStart(false).build();
        ds = db.dataSource();
        Principal admin = Principal.system("bench");
        cityOs.tenancy().hierarchy().createCountry(admin, "SA", "Saudi Arabia");
        Scope city = cityOs.tenancy().hierarchy().createScope(admin, "SA", "riyadh", "Riyadh", ScopeKind.CITY);
        Category cat = cityOs.tenancy().hierarchy().createCategory(admin, "food", "Food");
        for (int t = 0; t < 2; t++) {
            var tenant = cityOs.tenancy().tenants().create(admin, NewTenant.of("t" + t, "T" + t, city.id(), cat.id(), "SAR"));
            TenantContext c = TenantContext.of(tenant.id(), admin);
            for (int i = 0; i < 1000; i++) {
                Store s = cityOs.tenancy().stores().create(c, NewStore.of("s" + i, "Store " + i, "s" + i + ".t" + t + ".example"));
                if (t == 0) {
                    ids.add(s.id());
                }
            }
            if (t == 0) {
                ctx = c;
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        db.close();
    }

    private StoreId pick() {
        return ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
    }

    @Benchmark
    public Store library_lookup() {
        return cityOs.tenancy().stores().require(ctx, pick());
    }

    @Benchmark
    public Object jdbc_lookup() throws SQLException {
        StoreId id = pick();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            setTenant(c);
            Object[] row = new Object[10];
            try (PreparedStatement ps = c.prepareStatement(STORE_BY_ID)) {
                ps.setObject(1, ctx.tenant().value());
                ps.setObject(2, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    for (int i = 0; i < 9; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                }
            }
            List<String> domains = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(DOMAINS_OF)) {
                ps.setObject(1, ctx.tenant().value());
                ps.setObject(2, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        domains.add(rs.getString(2));
                    }
                }
            }
            row[9] = domains;
            c.commit();
            return row;
        }
    }

    @Benchmark
    public Object library_page() {
        return cityOs.tenancy().stores().list(ctx, PageRequest.first(50));
    }

    @Benchmark
    public Object jdbc_page() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            setTenant(c);
            List<Object[]> rows = new ArrayList<>();
            List<Object> storeIds = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(PAGE)) {
                ps.setObject(1, ctx.tenant().value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Object[] row = new Object[9];
                        for (int i = 0; i < 9; i++) {
                            row[i] = rs.getObject(i + 1);
                        }
                        rows.add(row);
                        storeIds.add(row[1]);
                    }
                }
            }
            StringBuilder in = new StringBuilder();
            for (int i = 0; i < Math.min(storeIds.size(), 50); i++) {
                in.append(i == 0 ? "?" : ", ?");
            }
            List<String> domains = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select store_id, domain from domain_route where tenant_id = ?"
                    + " and store_id in (" + in + ") and portal_id is null order by domain")) {
                ps.setObject(1, ctx.tenant().value());
                for (int i = 0; i < Math.min(storeIds.size(), 50); i++) {
                    ps.setObject(i + 2, storeIds.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        domains.add(rs.getString(2));
                    }
                }
            }
            c.commit();
            return new Object[] {rows, domains};
        }
    }

    private void setTenant(Connection c) throws SQLException {
        if (postgres) {
            try (PreparedStatement ps = c.prepareStatement("select set_config('cityos.tenant_id', ?, true)")) {
                ps.setString(1, ctx.tenant().value().toString());
                ps.executeQuery().close();
            }
        }
    }
}
