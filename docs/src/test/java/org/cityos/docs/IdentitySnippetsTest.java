package org.cityos.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.identity.Issuer;
import org.cityos.core.identity.JwtVerifier;
import org.cityos.core.identity.apikey.ApiKeys;
import org.cityos.core.identity.apikey.ApiScope;
import org.cityos.core.identity.apikey.IssuedApiKey;
import org.cityos.core.identity.apikey.NewApiKey;
import org.cityos.core.identity.authz.AccessPlan;
import org.cityos.core.identity.authz.Authorizer;
import org.cityos.core.identity.authz.CerbosAuthorizer;
import org.cityos.core.identity.authz.EmbeddedAuthorizer;
import org.cityos.core.identity.authz.EmbeddedPolicy;
import org.cityos.core.identity.authz.Resource;
import org.cityos.core.resolution.Resolution;
import org.cityos.core.resolution.Strategy;
import org.cityos.core.resolution.TenantResolver;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.DatabaseKind;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jooq.impl.TableImpl;
import org.junit.jupiter.api.Test;

/**
 * docs/identity.md: the wiring of tokens, keys, resolution and authorization (built, then shown
 * refusing a malformed token without any network), an API key's life, and an access plan as SQL.
 */
class IdentitySnippetsTest {
    private final TestClock clock = TestClock.at("2026-01-05T09:00:00Z");

    @Test
    void the_wiring_builds_offline_and_refuses_a_malformed_token() {
        try (CityOs cityOs = CityOs.embedded(clock)) {
            TenantId tenant = DocsFixtures.tenant(cityOs, "riyadh-market").id();
            Resolution resolution = new Resolution(tenant, Optional.empty(), Optional.empty(), Optional.empty(),
                    List.of(Strategy.SUBDOMAIN));
            assertThatThrownBy(() -> wiring(cityOs, "not.a-token", resolution, "ord-1001", tenant, "v-17"))
                    .isInstanceOfSatisfying(CityOsException.class,
                            e -> assertThat(e.code().code()).isEqualTo("unauthenticated"));
        }
    }

    /** The page's first snippet, from start-up to one request's check. */
    private static void wiring(CityOs cityOs, String bearerToken, Resolution resolution, String orderId,
                               TenantId tenant, String vendorId) {
        JwtVerifier jwt = JwtVerifier.builder()
                .clock(cityOs.clock())
                .issuer(Issuer.keycloak("https://sso.example.com/realms/riyadh")
                        .audiences("cityos-api")               // aud must name one of these...
                        .authorizedParties("storefront")        // ...or be Keycloak's default 'account' with this azp
                        .build())
                .build();
        ApiKeys apiKeys = ApiKeys.create(cityOs);
        TenantResolver resolver = TenantResolver.builder(cityOs)
                .baseDomains("cityos.example")
                .tokens(jwt)            // JwtVerifier is a TokenTenantLookup
                .apiKeys(apiKeys)       // ApiKeys is an ApiKeyLookup
                .build();
        Authorizer authz = CerbosAuthorizer.builder("http://127.0.0.1:3592")
                .scopes(CerbosAuthorizer.hierarchyScopes(cityOs))
                .build();               // or new EmbeddedAuthorizer(EmbeddedPolicy.marketplaceExample())

        // per request
        Principal who = jwt.verifyFor(bearerToken, resolution.tenant());        // or apiKeys.authenticate(key)
        authz.require(who, Resource.of("order", orderId, tenant).with("vendor", vendorId), "fulfil");
    }

    @BothDatabases
    void an_api_key_is_issued_rotated_and_revoked(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        TenantId tenant = DocsFixtures.tenant(cityOs, "riyadh-market").id();
        TenantContext ctx = TenantContext.of(tenant, DocsFixtures.ADMIN);
        ApiKeys apiKeys = ApiKeys.create(cityOs);

        IssuedApiKey issued = apiKeys.issue(ctx, NewApiKey.of("warehouse sync", ApiScope.read("order"),
                ApiScope.write("payout")).forVendor("v-17").expiringAt(clock.instant().plus(Duration.ofDays(90))));
        issued.secret();   // shown once: cty_live_<52 chars>_<39 chars>
        apiKeys.rotate(ctx, issued.key().id(), Duration.ofDays(7));   // new key; the old one works 7 more days
        apiKeys.revoke(ctx, issued.key().id());

        assertThat(issued.secret()).matches("cty_live_[a-z2-7]{52}_[a-z2-7]{39}");
        assertThatThrownBy(() -> apiKeys.authenticate(issued.secret()))
                .isInstanceOfSatisfying(CityOsException.class,
                        e -> assertThat(e.code().code()).isEqualTo("unauthenticated"));
    }

    @BothDatabases
    void a_plan_filters_a_list_in_sql(TestDatabase db) {
        DSLContext tx = DSL.using(db.ownerDataSource(), db.kind() == DatabaseKind.H2 ? SQLDialect.H2 : SQLDialect.POSTGRES);
        tx.createTable(ORDERS).columns(ORDERS.fields()).execute();
        TenantId tenant = new TenantId(UUID.randomUUID());
        tx.insertInto(ORDERS, ORDERS.ID, ORDERS.TENANT_ID, ORDERS.VENDOR_ID, ORDERS.CUSTOMER_ID)
                .values("ord-1", tenant.value(), "v-17", "c-1")
                .values("ord-2", tenant.value(), "v-18", "c-2")
                .values("ord-3", UUID.randomUUID(), "v-17", "c-3")
                .execute();
        Authorizer authz = new EmbeddedAuthorizer(EmbeddedPolicy.marketplaceExample());
        Principal principal = Principal.user("vera", "vendor").withMemberships(Set.of(tenant), Set.of(), Set.of("v-17"));

        AccessPlan plan = authz.plan(principal, "order", "read", tenant);
        Condition visible = plan.toCondition(Map.of("tenant", ORDERS.TENANT_ID, "vendor", ORDERS.VENDOR_ID,
                "owner", ORDERS.CUSTOMER_ID, "id", ORDERS.ID));
        tx.selectFrom(ORDERS).where(ORDERS.TENANT_ID.eq(tenant.value())).and(visible).fetch();

        assertThat(plan.kind()).isEqualTo(AccessPlan.Kind.CONDITIONAL);
        assertThat(tx.selectFrom(ORDERS).where(ORDERS.TENANT_ID.eq(tenant.value())).and(visible).fetch(ORDERS.ID))
                .containsExactly("ord-1");
    }

    private static final HostOrders ORDERS = new HostOrders();

    /** A host's own orders table, as jOOQ's code generator would give it. */
    static final class HostOrders extends TableImpl<Record> {
        private static final long serialVersionUID = 1L;

        final TableField<Record, String> ID = createField(DSL.name("id"), SQLDataType.VARCHAR(40).notNull(), this);
        final TableField<Record, UUID> TENANT_ID = createField(DSL.name("tenant_id"), SQLDataType.UUID.notNull(), this);
        final TableField<Record, String> VENDOR_ID = createField(DSL.name("vendor_id"), SQLDataType.VARCHAR(40), this);
        final TableField<Record, String> CUSTOMER_ID = createField(DSL.name("customer_id"), SQLDataType.VARCHAR(40), this);

        HostOrders() {
            super(DSL.name("host_orders"));
        }
    }
}
