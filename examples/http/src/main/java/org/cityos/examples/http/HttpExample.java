package org.cityos.examples.http;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.javalin.util.JavalinBindException;
import org.cityos.core.CityOsException;
import org.cityos.core.identity.Issuer;
import org.cityos.core.webhook.WebhookSecret;
import org.cityos.testkit.FakeIssuer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of the example host: {@code java -jar cityos-http.jar [--port 8080]
 * [--jdbc-url URL --user U --password P] ...}. On embedded H2 (the default) it seeds a demo
 * tenant and starts a stand-in token issuer, and prints what to call the host with.
 */
@Command(name = "cityos-http", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the CityOS HTTP host example: the vendor portal, admin endpoints and an inbound "
                + "webhook endpoint over the library. Embedded H2 and a seeded demo unless --jdbc-url is given.")
public final class HttpExample implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", description = "the port to listen on (default: ${DEFAULT-VALUE}; 0 = any free one)",
            defaultValue = "8080")
    int port;

    @Option(names = "--bind", description = "the address to listen on (default: ${DEFAULT-VALUE})",
            defaultValue = "127.0.0.1")
    String bind;

    @Option(names = "--jdbc-url", description = "a PostgreSQL (or H2) database, e.g. jdbc:postgresql://localhost/cityos")
    String jdbcUrl;

    @Option(names = "--user", description = "the database user", defaultValue = "${env:CITYOS_DB_USER}")
    String user;

    @Option(names = "--password", description = "the database password (default: $CITYOS_DB_PASSWORD)",
            defaultValue = "${env:CITYOS_DB_PASSWORD}")
    String password;

    @Option(names = "--base-domain", description = "hosts <tenant>.<base domain> name a tenant (default: localhost)")
    List<String> baseDomains = new ArrayList<>();

    @Option(names = "--trusted-proxy", description = "an address or CIDR range whose X-Forwarded-Host is believed")
    List<String> trustedProxies = new ArrayList<>();

    @Option(names = "--issuer", description = "a trusted Keycloak realm URL, e.g. https://sso.example.com/realms/riyadh")
    List<String> issuers = new ArrayList<>();

    @Option(names = "--audience", description = "the audience tokens must carry (default: ${DEFAULT-VALUE})",
            defaultValue = DemoData.AUDIENCE)
    String audience;

    @Option(names = "--cerbos-url", description = "authorize with the Cerbos PDP at this URL instead of the embedded policy")
    URI cerbosUrl;

    @Option(names = "--webhook-secret", description = "the whsec_... secret of POST /webhooks/erp "
            + "(default: $CITYOS_WEBHOOK_SECRET, else a new one printed at start)",
            defaultValue = "${env:CITYOS_WEBHOOK_SECRET}")
    String webhookSecret;

    @Option(names = "--workers", description = "job worker threads (default: ${DEFAULT-VALUE})", defaultValue = "1")
    int workers;

    @Option(names = "--demo", negatable = true, description = "seed the demo tenant and start a stand-in token issuer "
            + "(default: on H2 only; never in production)")
    Boolean demo;

    /** Runs the command line and exits with its status (0 stopped, 2 bad usage, 3 refused at start, 4 no database). */
    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        System.exit(new CommandLine(new HttpExample()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        boolean seedDemo = demo != null ? demo : jdbcUrl == null;
        HikariDataSource pool = null;
        FakeIssuer idp = null;
        CityOsHttp host;
        try {
            HttpSettings.Builder settings = HttpSettings.builder().bindAddress(bind).port(port).clock(clock)
                    .baseDomains(baseDomains.toArray(String[]::new))
                    .trustedProxies(trustedProxies.toArray(String[]::new)).workers(workers).cerbos(cerbosUrl);
            for (String realm : issuers) {
                settings.issuer(Issuer.keycloak(realm).audiences(audience).build());
            }
            if (webhookSecret != null && !webhookSecret.isBlank()) {
                settings.webhook("erp", WebhookSecret.parse(webhookSecret));
            }
            if (seedDemo) {
                idp = FakeIssuer.start("cityos-demo", clock);
                settings.issuer(Issuer.keycloak(idp.issuer()).audiences(DemoData.AUDIENCE).build());
            }
            if (jdbcUrl != null) {
                pool = pool(jdbcUrl, user, password);
                settings.dataSource(pool, pool);
            }
            host = CityOsHttp.start(settings.build());
        } catch (CityOsException | JavalinBindException e) {
            close(idp, pool);
            spec.commandLine().getErr().println("cannot start: " + e.getMessage());
            return 3;
        } catch (HikariPool.PoolInitializationException e) {
            close(idp, pool);
            spec.commandLine().getErr().println("cannot start: the database at " + jdbcUrl + " cannot be reached: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
            return 4;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        FakeIssuer issuer = idp;
        HikariDataSource db = pool;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.close();
            close(issuer, db);
            stopped.countDown();
        }, "cityos-http-stop"));
        out.println("CityOS HTTP example listening on " + host.baseUri() + " ("
                + (jdbcUrl == null ? "embedded H2" : jdbcUrl) + ", " + (cerbosUrl == null ? "embedded policy"
                : "Cerbos at " + cerbosUrl) + ")");
        if (webhookSecret == null || webhookSecret.isBlank()) {
            out.println("inbound webhooks: POST /webhooks/erp signed (Standard Webhooks) with "
                    + host.settings().webhookSecret().encoded());
        }
        if (seedDemo) {
            printDemo(out, host, DemoData.seed(host), idp);
        }
        out.flush();
        stopped.await();
        return 0;
    }

    private static void printDemo(PrintWriter out, CityOsHttp host, DemoData.Seeded demo, FakeIssuer idp) {
        String base = host.baseUri().toString();
        String tenantHost = "'Host: " + DemoData.TENANT + "." + host.settings().baseDomains().get(0) + "'";
        out.println();
        out.println("Demo (tokens from a stand-in issuer at " + idp.issuer() + ", valid 8 hours):");
        out.println("  tenant " + DemoData.TENANT + " (" + demo.tenant().id() + "), vendor " + DemoData.VENDOR
                + " (" + demo.vendor().id() + ")");
        out.println("  export API_KEY=" + demo.apiKey());
        out.println("  export PLATFORM=" + DemoData.platformAdminToken(idp));
        out.println("  export OPERATOR=" + DemoData.tenantAdminToken(idp, demo));
        out.println("  export VENDOR=" + DemoData.vendorToken(idp, demo));
        out.println();
        out.println("  curl " + base + "/vendor/orders -H " + tenantHost + " -H \"Authorization: Bearer $VENDOR\"");
        out.println("  curl " + base + "/admin/vendors -H \"X-Api-Key: $API_KEY\"");
        out.println("  curl " + base + "/admin/tenants -H \"Authorization: Bearer $PLATFORM\"");
        out.println("  (see docs/http-example.md for every endpoint)");
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("cityos-http");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password == null ? "" : password);
        config.setMaximumPoolSize(10);
        return new HikariDataSource(config);
    }

    private static void close(FakeIssuer idp, HikariDataSource pool) {
        if (idp != null) {
            idp.close();
        }
        if (pool != null) {
            pool.close();
        }
    }
}
