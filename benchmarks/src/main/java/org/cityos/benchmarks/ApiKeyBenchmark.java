package org.cityos.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.cityos.core.CityOs;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.identity.apikey.ApiKeys;
import org.cityos.core.identity.apikey.ApiScope;
import org.cityos.core.identity.apikey.NewApiKey;
import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.core.tenancy.Tenant;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * API key verifications per second: parse, checksum, lookup (from the short-lived cache, or from
 * the database each time with the cache off), constant-time hash comparison, principal.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ApiKeyBenchmark {
    @Param({"H2"})
    public String database;

    @Param({"true", "false"})
    public boolean cached;

    private TestDatabase db;
    private ApiKeys keys;
    private String secret;

    @Setup(Level.Trial)
    public void setUp() {
        db = TestDatabase.create(DatabaseKind.valueOf(database));
        CityOs cityOs = db.cityOs(TestClock.at("2026-01-01T00:00:00Z"));
        Principal admin = Principal.user("platform-admin", "admin");
        cityOs.tenancy().hierarchy().createCountry(admin, "SA", "Saudi Arabia");
        org.cityos.core.tenancy.Scope city = cityOs.tenancy().hierarchy().createScope(admin, "SA", "riyadh", "Riyadh",
                ScopeKind.CITY);
        Category food = cityOs.tenancy().hierarchy().createCategory(admin, "food", "Food");
        Tenant t = cityOs.tenancy().tenants().create(admin, NewTenant.of("market", "Market", city.id(), food.id(), "SAR"));
        keys = ApiKeys.builder(cityOs).cacheTtl(cached ? Duration.ofSeconds(10) : Duration.ZERO).build();
        secret = keys.issue(TenantContext.of(t.id(), admin), NewApiKey.of("bench", ApiScope.read("order"))).secret();
        keys.authenticate(secret);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        db.close();
    }

    @Benchmark
    public Principal verify() {
        return keys.authenticate(secret);
    }
}
