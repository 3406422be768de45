package org.cityos.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A real Cerbos PDP for tests: the binary comes from the npm package
 * {@code @cerbos/cerbos-linux-x64} (installed with {@code npm install --prefix target/cerbos}
 * when absent), serving policies copied from the class path into a folder of its own, on a free
 * loopback port, with telemetry off. {@link #shared} starts one per policy set per JVM and stops
 * it when the JVM exits. Needs {@code npm} on the path and an x86-64 Linux machine.
 */
public final class CerbosPdp implements AutoCloseable {
    /** The npm package and version installed. */
    public static final String PACKAGE = "@cerbos/cerbos-linux-x64@0.55.0";
    /** The policies shipped in cityos-core, as class path resources. */
    public static final List<String> SHIPPED_POLICIES = List.of("cerbos/policies/vendor.yaml",
            "cerbos/policies/order.yaml", "cerbos/policies/payout.yaml", "cerbos/policies/store.yaml");
    private static final Map<List<String>, CerbosPdp> SHARED = new ConcurrentHashMap<>();

    private final Process process;
    private final int port;
    private final Path log;

    private CerbosPdp(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The PDP serving {@code policies} (class path resources), started on first use and kept for the JVM. */
    public static synchronized CerbosPdp shared(List<String> policies) {
        CerbosPdp pdp = SHARED.get(policies);
        if (pdp == null || !pdp.process.isAlive()) {
            pdp = start(policies);
            CerbosPdp started = pdp;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "cerbos-pdp-stop"));
            SHARED.put(List.copyOf(policies), pdp);
        }
        return pdp;
    }

    /** Starts a PDP of its own serving {@code policies}; the caller closes it. */
    public static CerbosPdp start(List<String> policies) {
        Path home = Paths.get(System.getProperty("cityos.cerbos.home", "target/cerbos")).toAbsolutePath();
        try {
            Path binary = install(home);
            Path run = Files.createDirectories(home.resolve("run-" + UUID.randomUUID()));
            Path policyDir = Files.createDirectories(run.resolve("policies"));
            for (String resource : policies) {
                try (InputStream in = CerbosPdp.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalArgumentException("no class path resource " + resource);
                    }
                    Files.copy(in, policyDir.resolve(resource.replace('/', '_')), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            int http = freePort();
            int grpc = freePort();
            Path config = run.resolve("config.yaml");
            Files.writeString(config, String.join("\n",
                    "server:",
                    "  httpListenAddr: \"127.0.0.1:" + http + "\"",
                    "  grpcListenAddr: \"127.0.0.1:" + grpc + "\"",
                    "storage:",
                    "  driver: disk",
                    "  disk:",
                    "    directory: \"" + policyDir + "\"",
                    "    watchForChanges: false",
                    "engine:",
                    "  lenientScopeSearch: true",
                    "telemetry:",
                    "  disabled: true",
                    "audit:",
                    "  enabled: false",
                    ""));
            Path log = run.resolve("cerbos.log");
            ProcessBuilder pb = new ProcessBuilder(binary.toString(), "server", "--config=" + config)
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("CERBOS_NO_TELEMETRY", "1");
            CerbosPdp pdp = new CerbosPdp(pb.start(), http, log);
            pdp.awaitHealthy(Duration.ofSeconds(30));
            return pdp;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Cerbos PDP", e);
        }
    }

    private static Path install(Path home) throws IOException {
        Path binary = home.resolve("node_modules/@cerbos/cerbos-linux-x64/cerbos-linux-x64");
        if (Files.isExecutable(binary)) {
            return binary;
        }
        Files.createDirectories(home);
        Process npm = new ProcessBuilder("npm", "install", "--prefix", home.toString(), "--no-audit", "--no-fund",
                "--loglevel=error", PACKAGE).redirectErrorStream(true).redirectOutput(home.resolve("npm.log").toFile())
                .start();
        try {
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm install " + PACKAGE + " failed: "
                        + Files.readString(home.resolve("npm.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted installing " + PACKAGE, e);
        }
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("npm installed " + PACKAGE + " but " + binary + " is not executable");
        }
        return binary;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitHealthy(Duration limit) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Cerbos PDP exited: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url() + "/_cerbos/health"))
                        .timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("SERVING")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the Cerbos PDP", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the Cerbos PDP", e);
            }
        }
        close();
        throw new IllegalStateException("the Cerbos PDP did not become healthy in " + limit + ": "
                + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** The HTTP base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The PDP's log file. */
    public Path log() {
        return log;
    }

    /** Stops the PDP. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
