package org.cityos.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.cityos.core.CityOs;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.job.JobWorkers;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.sync.Sync;
import org.cityos.sync.SyncConfig;
import org.cityos.sync.engine.Backfill;
import org.cityos.sync.engine.Credentials;
import org.cityos.sync.engine.Integration;
import org.cityos.sync.engine.NewIntegration;
import org.cityos.sync.engine.SyncRole;
import org.cityos.testkit.DatabaseKind;
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
 * A full backfill of {@code records} Medusa products from a local stub (the JDK's HTTP server
 * answering {@code GET /admin/products} with Medusa's list shape, paged by {@code limit},
 * {@code offset} and {@code updated_at[$gte]}) into the sync hub on embedded PostgreSQL (or H2):
 * one page per job, each page's records merged, mapped and committed with the cursor. Beside it
 * the floor: the same pages fetched over the same HTTP client and parsed with Jackson, nothing
 * else. One invocation is one whole backfill; records per second = {@code records} / the time.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class SyncBackfillBenchmark {
    private static final Principal ADMIN = Principal.user("bench", "admin");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Param({"20000"})
    public int records;

    @Param({"500"})
    public int pageSize;

    @Param({"POSTGRES", "H2"})
    public DatabaseKind db;

    private TestDatabase database;
    private CityOs cityOs;
    private Sync sync;
    private TenantContext ctx;
    private Integration shop;
    private HttpServer server;
    private java.util.concurrent.ExecutorService serverThreads;
    private String[] products;
    private String[] times;
    private HttpClient http;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        products = new String[records];
        times = new String[records];
        for (int i = 0; i < records; i++) {
            times[i] = t0.plusMillis(i * 7L).toString();
            products[i] = "{\"id\":\"prod_" + i + "\",\"handle\":\"product-" + i + "\",\"title\":\"Product " + i
                    + "\",\"subtitle\":null,\"description\":\"A product of the benchmark catalogue, number " + i
                    + "\",\"status\":\"published\",\"metadata\":null,\"updated_at\":\"" + times[i] + "\"}";
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/admin/products", this::page);
        serverThreads = Executors.newFixedThreadPool(2);
        server.setExecutor(serverThreads);
        server.start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

        database = TestDatabase.create(db);
        // migrations (core now, sync when it attaches) as the owner; the work as the application role
        cityOs = CityOs.builder().dataSource(database.newAppPool(6)).migrationDataSource(database.ownerDataSource())
                .build();
        sync = Sync.builder(cityOs).config(SyncConfig.builder().allowPrivateNetworks(true).pageSize(pageSize)
                        .requestTimeout(Duration.ofSeconds(30)).build())
                .credentials((tenant, ref) -> Credentials.of(Map.of("api_token", "sk_bench"))).build();
        var h = cityOs.tenancy().hierarchy();
        h.createCountry(ADMIN, "SA", "Saudi Arabia");
        var city = h.createScope(ADMIN, "SA", "riyadh", "Riyadh", ScopeKind.CITY);
        var cat = h.createCategory(ADMIN, "food", "Food");
        var t = cityOs.tenancy().tenants().create(ADMIN, NewTenant.of("bench", "Bench", city.id(), cat.id(), "SAR"));
        ctx = TenantContext.of(t.id(), ADMIN);
        shop = sync.engine().createIntegration(ctx, NewIntegration.of("commerce", "medusa",
                "http://127.0.0.1:" + server.getAddress().getPort()).withCredentials("medusa"));
        sync.engine().bind(ctx, shop.id(), "product", SyncRole.SOURCE, Optional.empty());
    }

    /** Medusa's list: {@code updated_at[$gte]}, {@code offset}, {@code limit}, ordered by update time. */
    private void page(HttpExchange ex) throws IOException {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                q.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        int from = 0;
        if (q.containsKey("updated_at[$gte]")) {
            int at = Arrays.binarySearch(times, q.get("updated_at[$gte]"));
            from = at >= 0 ? at : -at - 1;
        }
        from += Integer.parseInt(q.getOrDefault("offset", "0"));
        int limit = Integer.parseInt(q.getOrDefault("limit", "50"));
        int to = Math.min(records, from + limit);
        StringBuilder b = new StringBuilder(64 + (to - from) * 260).append("{\"products\":[");
        for (int i = from; i < to; i++) {
            if (i > from) {
                b.append(',');
            }
            b.append(products[i]);
        }
        b.append("],\"count\":").append(records - (from - Integer.parseInt(q.getOrDefault("offset", "0"))))
                .append(",\"offset\":").append(q.getOrDefault("offset", "0")).append(",\"limit\":").append(limit)
                .append('}');
        byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("content-type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.stop(0);
        serverThreads.shutdownNow(); // else the fork waits for its threads before it exits
        database.close();
    }

    /**
     * Empties the hub before each backfill. On PostgreSQL the hub is analyzed first, while it
     * still holds the previous run's records, then truncated: the column statistics stay (as they
     * would on a hub in use, which autovacuum analyzes) and the table size reads "unknown". The
     * first invocation (the warm-up) meets a new database's hub instead, with no statistics at all.
     * Analyzing the emptied tables would record "0 rows", a state a database in use never has, in
     * which PostgreSQL plans every foreign-key check of the hub as a scan of the whole table and
     * keeps that plan for the connection until autovacuum analyzes the table again.
     */
    @Setup(Level.Invocation)
    public void clean() throws SQLException {
        try (Connection c = database.ownerDataSource().getConnection(); Statement s = c.createStatement()) {
            if (db == DatabaseKind.POSTGRES) {
                s.execute("analyze sync_record, sync_mapping");
            }
            for (String t : List.of("sync_mapping", "sync_record", "sync_backfill", "sync_failure", "sync_cursor",
                    "job")) {
                s.execute(db == DatabaseKind.POSTGRES ? "truncate " + t + " cascade" : "delete from " + t);
            }
        }
    }

    @Benchmark
    public long library() throws InterruptedException {
        Backfill run = sync.engine().backfill(ctx, shop.id(), "product");
        Backfill now;
        // a worker claims the next page as soon as it finishes one, so the poll interval only paces
        // the idle polls and the maintenance queries, which on 2 cores would compete with the work
        try (JobWorkers w = JobWorkers.builder(cityOs).threads(1).batchSize(10).pollInterval(Duration.ofMillis(100))
                .build().start()) {
            do {
                Thread.sleep(50);
                now = sync.engine().backfill(ctx, run.id()).orElseThrow();
            } while (now.status() == Backfill.Status.RUNNING);
        }
        if (now.status() != Backfill.Status.DONE || now.processed() != records || now.changed() != records) {
            throw new IllegalStateException("backfill ended " + now);
        }
        return now.processed();
    }

    @Benchmark
    public long http_floor() throws Exception {
        long read = 0;
        String since = null;
        List<String> seen = new ArrayList<>();
        while (true) {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/admin/products?limit=" + pageSize
                    + "&offset=" + seen.size() + "&order=updated_at"
                    + (since == null ? "" : "&updated_at%5B%24gte%5D=" + since);
            HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("authorization", "Basic c2tfYmVuY2g6").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode items = JSON.readTree(res.body()).get("products");
            if (items.isEmpty()) {
                break;
            }
            read += items.size();
            String last = items.get(items.size() - 1).get("updated_at").asText();
            since = last;
            seen.clear();
            seen.add(last); // unique times: one record at the cursor's time is skipped by offset
        }
        if (read != records) {
            throw new IllegalStateException("floor read " + read + " of " + records);
        }
        return read;
    }
}
