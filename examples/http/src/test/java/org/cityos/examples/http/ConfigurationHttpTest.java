package org.cityos.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cityos.examples.http.HostFixture.bearer;
import static org.cityos.examples.http.HostFixture.hostOf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.examples.http.HostFixture.Response;
import org.cityos.testkit.DatabaseKind;
import org.cityos.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

class ConfigurationHttpTest {

    @Test
    void with_cerbos_configured_but_unreachable_every_decision_is_a_denial() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        int port = closed;
        try (HostFixture f = HostFixture.start(s -> s.cerbos(URI.create("http://127.0.0.1:" + port)))) {
            Response r = f.get(hostOf(f.alpha), "/vendor/orders", "Authorization",
                    bearer(f.vendorToken("vera", f.alpha, f.dates)));
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
            assertThat(r.code()).isEqualTo("forbidden");
            // authentication and resolution do not depend on the PDP
            assertThat(f.get(hostOf(f.alpha), "/vendor/orders").status()).isEqualTo(401);
        }
    }

    @Test
    void bad_settings_fail_at_build_naming_the_setting() {
        assertThatThrownBy(() -> HttpSettings.builder().port(70000).build())
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("port").hasMessageContaining("70000");
        assertThatThrownBy(() -> HttpSettings.builder().cerbos(URI.create("ftp://pdp")).build())
                .hasMessageContaining("cerbosUrl");
        // the resolver validates its own settings when the host builds it, before anything listens
        assertThatThrownBy(() -> CityOsHttp.start(HttpSettings.builder().baseDomains("10.0.0.1").port(0).workers(0).build()))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("baseDomains");
    }

    @Test
    void the_host_runs_on_postgresql() {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.POSTGRES);
             CityOsHttp host = CityOsHttp.start(HttpSettings.builder().port(0).workers(0)
                     .dataSource(db.dataSource(), db.ownerDataSource()).build())) {
            DemoData.Seeded demo = DemoData.seed(host);
            HostFixture.Response r = HostFixture.sendTo(host, "riyadh-eats.localhost", "/admin/vendors",
                    "X-Api-Key", demo.apiKey());
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(HostFixture.texts(r.json().path("items"), "handle")).containsExactly(DemoData.VENDOR);
            // seeding again on the same database finds the tenant and only issues a new key
            DemoData.Seeded again = DemoData.seed(host);
            assertThat(again.tenant().id()).isEqualTo(demo.tenant().id());
            assertThat(HostFixture.sendTo(host, null, "/admin/vendors", "X-Api-Key", again.apiKey()).status())
                    .isEqualTo(200);
        }
    }
}
