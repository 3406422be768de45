package org.cityos.core.identity.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cityos.core.internal.db.Tables.API_KEY;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Fixtures;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.audit.AuditQuery;
import org.cityos.core.tenancy.NewStore;
import org.cityos.core.tenancy.Store;
import org.cityos.core.tenancy.Tenant;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.jooq.Record;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private static final String KEY_PATTERN = "cty_live_[a-z2-7]{52}_[a-z2-7]{39}";
    private final TestClock clock = TestClock.at("2026-02-01T08:00:00Z");

    private CityOs cityOs;
    private ApiKeys keys;
    private Tenant market;
    private Tenant souq;
    private TenantContext marketCtx;
    private TenantContext souqCtx;

    private void given(TestDatabase db) {
        cityOs = db.cityOs(clock);
        Fixtures f = new Fixtures(cityOs);
        market = f.tenant("riyadh-market");
        souq = f.tenant("jeddah-souq");
        marketCtx = f.ctx(market);
        souqCtx = f.ctx(souq);
        keys = ApiKeys.create(cityOs);
    }

    private static void assertUnauthenticated(Runnable r, String reason, String key) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(CityOsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).contains(reason).doesNotContain(key).doesNotContain(key.substring(62));
        });
    }

    /** The stored row as text, to prove the secret is not in it. */
    private Record row(ApiKeyId id) {
        return cityOs.db().tenant(marketCtx, tx -> tx.selectFrom(API_KEY)
                .where(API_KEY.TENANT_ID.eq(market.id().value()), API_KEY.ID.eq(id.value())).fetchOne());
    }

    @BothDatabases
    void anIssuedKeyIsShownOnceAndOnlyItsHashIsStored(TestDatabase db) {
        given(db);
        IssuedApiKey issued = keys.issue(marketCtx, NewApiKey.of("warehouse sync", ApiScope.read("order"),
                ApiScope.write("vendor")));

        assertThat(issued.secret()).matches(KEY_PATTERN).startsWith(issued.key().prefix() + "_");
        assertThat(issued.toString()).doesNotContain(issued.secret().substring(issued.key().prefix().length()));
        Record stored = row(issued.key().id());
        for (int i = 0; i < stored.size(); i++) {
            assertThat(String.valueOf(stored.get(i))).doesNotContain(issued.secret().substring(62));
        }
        assertThat(stored.get(API_KEY.SECRET_HASH)).isEqualTo(KeyFormat.hash(issued.secret()));
        assertThat(keys.list(marketCtx)).extracting(ApiKey::prefix).containsExactly(issued.key().prefix());
        assertThat(cityOs.audit().query(marketCtx, AuditQuery.all())).extracting(e -> e.action())
                .contains("api_key.issued");
    }

    @BothDatabases
    void aValidKeyAuthenticatesAsItsTenantWithItsScopes(TestDatabase db) {
        given(db);
        Store store = cityOs.tenancy().stores().create(marketCtx, NewStore.of("dates", "Dates"));
        IssuedApiKey issued = keys.issue(marketCtx, NewApiKey.of("pos", ApiScope.read("order")).forStore(store.id())
                .forVendor("v-7"));

        Principal p = keys.authenticate(issued.secret());

        assertThat(p.kind()).isEqualTo(Principal.Kind.API_KEY);
        assertThat(p.subject()).isEqualTo(issued.key().id().toString());
        assertThat(p.roles()).containsExactly(ApiKeys.ROLE);
        assertThat(p.scopes()).containsExactly("order:read");
        assertThat(p.tenants()).containsExactly(market.id());
        assertThat(p.stores()).containsExactly(store.id());
        assertThat(p.vendors()).containsExactly("v-7");
        assertThat(keys.find(issued.secret())).hasValueSatisfying(m -> assertThat(m.tenant()).isEqualTo(market.id()));
    }

    @BothDatabases
    void lastUsedIsWrittenAtMostOncePerInterval(TestDatabase db) {
        given(db);
        IssuedApiKey issued = keys.issue(marketCtx, NewApiKey.of("pos", ApiScope.read("order")));
        Instant first = clock.instant();
        keys.authenticate(issued.secret());
        assertThat(keys.get(marketCtx, issued.key().id()).orElseThrow().lastUsedAt()).contains(first);

        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 20; i++) {
            keys.authenticate(issued.secret());
        }
        assertThat(keys.get(marketCtx, issued.key().id()).orElseThrow().lastUsedAt()).contains(first);

        clock.advance(Duration.ofMinutes(5));
        keys.authenticate(issued.secret());
        assertThat(keys.get(marketCtx, issued.key().id()).orElseThrow().lastUsedAt()).contains(clock.instant());
    }

    @BothDatabases
    void aValidPrefixWithTheWrongSecretIsRefusedAndNothingIsWritten(TestDatabase db) {
        given(db);
        IssuedApiKey issued = keys.issue(marketCtx, NewApiKey.of("pos", ApiScope.read("order")));
        String body = issued.key().prefix() + "_" + "a".repeat(KeyFormat.SECRET_CHARS);
        String forged = body + KeyFormat.checksum(body);

        assertUnauthenticated(() -> keys.authenticate(forged), "not a known key", forged);
        assertThat(keys.find(forged)).isEmpty();
        assertThat(keys.get(marketCtx, issued.key().id()).orElseThrow().lastUsedAt()).isEmpty();
    }

    @Test
    void aBadChecksumOrShapeIsRefusedWithoutTouchingTheDatabase() {
        CityOs closed = CityOs.embedded(clock);
        ApiKeys offline = ApiKeys.create(closed);
        String good = KeyFormat.issue(ApiKeys.Environment.LIVE, new TenantId(UUID.randomUUID()), UUID.randomUUID());
        closed.close(); // any database access would now fail

        char last = good.charAt(good.length() - 20);
        String typo = good.substring(0, good.length() - 20) + (last == 'a' ? 'b' : 'a') + good.substring(good.length() - 19);
        assertUnauthenticated(() -> offline.authenticate(typo), "checksum does not match", typo);
        assertUnauthenticated(() -> offline.authenticate(good.toUpperCase()), "not an API key", good);
        assertUnauthenticated(() -> offline.authenticate(good.substring(1)), "not an API key", good);
        assertUnauthenticated(() -> offline.authenticate("sk_live_" + good.substring(9)), "not an API key", good);
        assertUnauthenticated(() -> offline.authenticate(good.replace("cty_live_", "cty_test_")), "checksum", good);
        String testKey = KeyFormat.issue(ApiKeys.Environment.TEST, new TenantId(UUID.randomUUID()), UUID.randomUUID());
        assertUnauthenticated(() -> offline.authenticate(testKey), "test key and this is the live environment", testKey);
    }

    @BothDatabases
    void aRevokedKeyIsRefused(TestDatabase db) {
        given(db);
        IssuedApiKey issued = keys.issue(marketCtx, NewApiKey.of("pos", ApiScope.read("order")));
        keys.authenticate(issued.secret()); // cached now

        ApiKey revoked = keys.revoke(marketCtx, issued.key().id());

        assertThat(revoked.revokedAt()).contains(clock.instant());
        assertUnauthenticated(() -> keys.authenticate(issued.secret()), "was revoked", issued.secret());
        assertThat(keys.revoke(marketCtx, issued.key().id())).isEqualTo(revoked);
    }

    @BothDatabases
    void anExpiredKeyIsRefused(TestDatabase db) {
        given(db);
        IssuedApiKey issued = keys.issue(marketCtx, NewApiKey.of("pos", ApiScope.read("order"))
                .expiringAt(clock.instant().plus(Duration.ofDays(1))));
        keys.authenticate(issued.secret());
        clock.advance(Duration.ofDays(1));
        assertUnauthenticated(() -> keys.authenticate(issued.secret()), "expired", issued.secret());
        assertThatThrownBy(() -> keys.issue(marketCtx, NewApiKey.of("late", ApiScope.read("order"))
                .expiringAt(clock.instant().minusSeconds(1)))).hasMessageContaining("not in the future");
    }

    @BothDatabases
    void rotationKeepsTheOldKeyForTheGracePeriod(TestDatabase db) {
        given(db);
        IssuedApiKey old = keys.issue(marketCtx, NewApiKey.of("pos", ApiScope.write("order")));

        IssuedApiKey next = keys.rotate(marketCtx, old.key().id(), Duration.ofHours(1));

        assertThat(next.key().replaces()).contains(old.key().id());
        assertThat(next.key().scopes()).isEqualTo(old.key().scopes());
        assertThat(keys.authenticate(old.secret()).subject()).isEqualTo(old.key().id().toString());
        assertThat(keys.authenticate(next.secret()).subject()).isEqualTo(next.key().id().toString());
        clock.advance(Duration.ofHours(1));
        assertUnauthenticated(() -> keys.authenticate(old.secret()), "expired", old.secret());
        assertThat(keys.authenticate(next.secret()).subject()).isEqualTo(next.key().id().toString());
    }

    @BothDatabases
    void anotherTenantsKeysAreInvisible(TestDatabase db) {
        given(db);
        IssuedApiKey issued = keys.issue(marketCtx, NewApiKey.of("pos", ApiScope.read("order")));
        assertThat(keys.list(souqCtx)).isEmpty();
        assertThat(keys.get(souqCtx, issued.key().id())).isEmpty();
        assertThatThrownBy(() -> keys.revoke(souqCtx, issued.key().id()))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(keys.authenticate(issued.secret()).tenants()).containsExactly(market.id());
    }

    @BothDatabases
    void aStoreOfAnotherTenantCannotBeBound(TestDatabase db) {
        given(db);
        Store spices = cityOs.tenancy().stores().create(souqCtx, NewStore.of("spices", "Spices"));
        assertThatThrownBy(() -> keys.issue(marketCtx, NewApiKey.of("pos", ApiScope.read("order")).forStore(spices.id())))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(keys.list(marketCtx)).isEmpty();
    }

    @Test
    void scopesGrantReadOrWritePerResourceKind() {
        List<String> readOrders = List.of("order:read");
        assertThat(ApiScope.anyPermits(readOrders, "order", "read")).isTrue();
        assertThat(ApiScope.anyPermits(readOrders, "order", "list")).isTrue();
        assertThat(ApiScope.anyPermits(readOrders, "order", "update")).isFalse();
        assertThat(ApiScope.anyPermits(readOrders, "payout", "read")).isFalse();
        assertThat(ApiScope.anyPermits(List.of("order:write"), "order", "read")).isTrue();
        assertThat(ApiScope.anyPermits(List.of("*:read", "openid"), "payout", "read")).isTrue();
        assertThat(ApiScope.anyPermits(List.of("*:read"), "payout", "approve")).isFalse();
        // an action whose first word reads, reads; any other writes
        assertThat(ApiScope.anyPermits(List.of("vendor:read"), "vendor", "view_orders")).isTrue();
        assertThat(ApiScope.anyPermits(List.of("vendor:read"), "vendor", "LIST_members")).isTrue();
        assertThat(ApiScope.anyPermits(List.of("vendor:read"), "vendor", "fulfill_orders")).isFalse();
        assertThat(ApiScope.anyPermits(List.of("vendor:read"), "vendor", "request_payout")).isFalse();
        assertThat(ApiScope.anyPermits(List.of("vendor:read"), "vendor", "viewer")).isFalse();
        assertThat(ApiScope.anyPermits(List.of("vendor:read"), "vendor", "_view")).isFalse();
        assertThat(ApiScope.anyPermits(List.of("vendor:write"), "vendor", "request_payout")).isTrue();
        assertThatThrownBy(() -> ApiScope.parse("order:admin")).hasMessageContaining("order:admin");
        assertThat(Map.of("s", ApiScope.parse("payout:write").toString())).containsEntry("s", "payout:write");
    }

    @Test
    void keyTextRoundTrips() {
        TenantId tenant = new TenantId(UUID.randomUUID());
        UUID id = UUID.randomUUID();
        String key = KeyFormat.issue(ApiKeys.Environment.TEST, tenant, id);
        assertThat(key).hasSize(KeyFormat.LENGTH).startsWith("cty_test_");
        KeyFormat.Parsed p = (KeyFormat.Parsed) KeyFormat.parse(key);
        assertThat(p.tenant()).isEqualTo(tenant);
        assertThat(p.id()).isEqualTo(id);
        assertThat(p.environment()).isEqualTo(ApiKeys.Environment.TEST);
        assertThat(KeyFormat.issue(ApiKeys.Environment.TEST, tenant, id)).isNotEqualTo(key);
    }
}
