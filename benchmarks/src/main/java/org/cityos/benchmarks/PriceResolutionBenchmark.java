package org.cityos.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.cityos.billing.Billing;
import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.B2b;
import org.cityos.billing.b2b.company.Company;
import org.cityos.billing.b2b.company.NewCompany;
import org.cityos.billing.b2b.pricing.NewPriceList;
import org.cityos.billing.b2b.pricing.PriceList;
import org.cityos.billing.b2b.pricing.PriceListTarget;
import org.cityos.billing.b2b.pricing.ResolvedPrice;
import org.cityos.core.CityOs;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.marketplace.Marketplace;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Price resolutions per second on embedded PostgreSQL for one buyer whose company has a price
 * list over {@code products} products, each priced by volume with a ladder of {@code tiers} tiers
 * (10 units per tier; quantities drawn from 1 to 10 x tiers): from the warm cache
 * ({@code cached}), with the cache off so every call reads the database ({@code cold}), on a cache
 * miss (the product's whole ladder is loaded and compiled: {@code miss}), and the floor, one
 * prepared indexed statement for the tier a quantity falls in, on a plain JDBC connection
 * ({@code sql_floor}). The database is seeded once per JVM, so run it with {@code -f 0}.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 2, time = 5)
@Fork(0)
public class PriceResolutionBenchmark {
    @Param({"10000"})
    public int products;

    @Param({"1000"})
    public int tiers;

    private static Seeded seeded;
    private static final int QUERIES = 1 << 16;
    private String[] productIds;
    private long[] quantities;
    private int next;

    /** The database, seeded once per JVM and shared by the benchmark methods of a {@code -f 0} run. */
    static final class Seeded {
        final int products;
        final int tiers;
        final TestDatabase db;
        final TenantContext ctx;
        final UUID list;
        final B2b cached;
        final B2b cold;
        final B2b miss;
        final Connection floor;
        final PreparedStatement floorQuery;

        Seeded(int products, int tiers) throws SQLException {
            this.products = products;
            this.tiers = tiers;
            db = TestDatabase.create(DatabaseKind.POSTGRES);
            CityOs cityOs = db.cityOs(TestClock.at("2026-03-01T00:00:00Z"));
            Marketplace market = Marketplace.create(cityOs);
            Billing billing = Billing.create(cityOs);
            Principal admin = Principal.system("bench");
            cityOs.tenancy().hierarchy().createCountry(admin, "SA", "Saudi Arabia");
            Scope city = cityOs.tenancy().hierarchy().createScope(admin, "SA", "riyadh", "Riyadh", ScopeKind.CITY);
            Category cat = cityOs.tenancy().hierarchy().createCategory(admin, "wholesale", "Wholesale");
            var t = cityOs.tenancy().tenants().create(admin, NewTenant.of("bench", "Bench", city.id(), cat.id(), "SAR"));
            ctx = TenantContext.of(t.id(), admin);
            cached = B2b.builder(billing, market).priceCacheTtl(java.time.Duration.ofHours(1))
                    .priceCacheSize(products * 2).build();
            cold = B2b.builder(billing, market).priceCacheTtl(java.time.Duration.ZERO).build();
            miss = B2b.builder(billing, market).priceCacheTtl(java.time.Duration.ofHours(1)).build();
            Company acme = cached.companies().create(ctx, NewCompany.of("acme", "Acme", CustomerId.of("bob")));
            PriceList pl = cached.priceLists().create(ctx, NewPriceList.of("contract", "Contract",
                    PriceListTarget.company(acme.id())));
            list = pl.id().value();
            long started = System.nanoTime();
            try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO b2b_price (tenant_id, price_list_id, product_id, pricing_model) SELECT '"
                        + t.id() + "', '" + list + "', 'p' || lpad(g::text, 5, '0'), 'volume' FROM generate_series(0, "
                        + (products - 1) + ") g");
                s.execute("INSERT INTO b2b_price_tier (tenant_id, price_list_id, product_id, tier_index, min_quantity,"
                        + " up_to, unit_amount, flat_amount) SELECT '" + t.id() + "', '" + list
                        + "', 'p' || lpad(p::text, 5, '0'), k, k * 10 + 1, CASE WHEN k = " + (tiers - 1)
                        + " THEN NULL ELSE (k + 1) * 10 END, 100000 - k * 50 - (p % 97), 0 FROM generate_series(0, "
                        + (products - 1) + ") p, generate_series(0, " + (tiers - 1) + ") k");
                s.execute("ANALYZE b2b_price");
                s.execute("ANALYZE b2b_price_tier");
            }
            System.out.printf("%nseeded %d products x %d tiers in %.1f s%n", products, tiers,
                    (System.nanoTime() - started) / 1e9);
            started = System.nanoTime();
            List<String> all = new ArrayList<>(products);
            for (int i = 0; i < products; i++) {
                all.add(product(i));
            }
            for (int from = 0; from < products; from += 100) {
                Map<String, Long> cart = new LinkedHashMap<>();
                all.subList(from, Math.min(products, from + 100)).forEach(p -> cart.put(p, 1L));
                cached.prices().resolveAll(ctx, CustomerId.of("bob"), cart);
            }
            System.out.printf("warmed the cache with %d products in %.1f s%n", products,
                    (System.nanoTime() - started) / 1e9);
            floor = db.ownerDataSource().getConnection();
            floorQuery = floor.prepareStatement("SELECT unit_amount, flat_amount FROM b2b_price_tier"
                    + " WHERE tenant_id = ? AND price_list_id = ? AND product_id = ? AND min_quantity <= ?"
                    + " ORDER BY min_quantity DESC LIMIT 1");
        }
    }

    static String product(int i) {
        return String.format("p%05d", i);
    }

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        synchronized (PriceResolutionBenchmark.class) {
            if (seeded == null || seeded.products != products || seeded.tiers != tiers) {
                seeded = new Seeded(products, tiers);
            }
        }
        Random random = new Random(42);
        productIds = new String[QUERIES];
        quantities = new long[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            productIds[i] = product(random.nextInt(products));
            quantities[i] = 1 + random.nextInt(tiers * 10);
        }
        // the answers agree before anything is measured
        for (int i = 0; i < 200; i++) {
            long a = seeded.cached.prices().resolve(seeded.ctx, CustomerId.of("bob"), productIds[i], quantities[i])
                    .orElseThrow().amount();
            long b = seeded.cold.prices().resolve(seeded.ctx, CustomerId.of("bob"), productIds[i], quantities[i])
                    .orElseThrow().amount();
            long c = floor(productIds[i], quantities[i]);
            if (a != b || b != c) {
                throw new IllegalStateException("cached " + a + ", cold " + b + ", floor " + c + " for "
                        + productIds[i] + " x " + quantities[i]);
            }
        }
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (QUERIES - 1);
        return i;
    }

    @Benchmark
    public Optional<ResolvedPrice> cached() {
        int i = nextIndex();
        return seeded.cached.prices().resolve(seeded.ctx, CustomerId.of("bob"), productIds[i], quantities[i]);
    }

    @Benchmark
    public Optional<ResolvedPrice> cold() {
        int i = nextIndex();
        return seeded.cold.prices().resolve(seeded.ctx, CustomerId.of("bob"), productIds[i], quantities[i]);
    }

    @Benchmark
    public Optional<ResolvedPrice> miss() {
        int i = nextIndex();
        seeded.miss.clearPriceCache();
        return seeded.miss.prices().resolve(seeded.ctx, CustomerId.of("bob"), productIds[i], quantities[i]);
    }

    @Benchmark
    public long sql_floor() throws SQLException {
        int i = nextIndex();
        return floor(productIds[i], quantities[i]);
    }

    private long floor(String product, long quantity) throws SQLException {
        PreparedStatement q = seeded.floorQuery;
        q.setObject(1, seeded.ctx.tenant().value());
        q.setObject(2, seeded.list);
        q.setString(3, product);
        q.setLong(4, quantity);
        try (ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1) * quantity + rs.getLong(2);
        }
    }
}
