package org.cityos.core.identity.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.cityos.core.CityOs;
import org.cityos.core.Principal;
import org.cityos.core.StoreId;
import org.cityos.core.TenantId;
import org.cityos.core.identity.apikey.ApiKeys;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.CerbosPdp;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Row4;
import org.jooq.Row5;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One table of principals, resources and actions, asked of the embedded authorizer and of the
 * real Cerbos PDP running the shipped policies: the answers must be the same, a few must be what a
 * person expects, and the list plans of both must select exactly the rows the checks allow.
 */
class AuthorizerParityTest {
    static final TenantId T1 = new TenantId(UUID.fromString("11111111-1111-4111-8111-111111111111"));
    static final TenantId T2 = new TenantId(UUID.fromString("22222222-2222-4222-8222-222222222222"));
    static final StoreId S1 = new StoreId(UUID.fromString("51111111-1111-4111-8111-111111111111"));
    static final StoreId S2 = new StoreId(UUID.fromString("52222222-2222-4222-8222-222222222222"));
    static final List<String> ACTIONS = List.of("read", "list", "update", "create", "fulfil", "delete", "approve");
    static final List<String> KINDS = List.of("vendor", "order", "payout", "store", "widget");

    static final Map<String, Principal> PRINCIPALS = new LinkedHashMap<>();
    static final List<Resource> RESOURCES = new ArrayList<>();

    static {
        PRINCIPALS.put("platform admin", new Principal(Principal.Kind.USER, "root", Set.of("platform_admin")));
        PRINCIPALS.put("tenant admin", user("ta", Set.of("tenant_admin"), Set.of(), Set.of()));
        PRINCIPALS.put("vendor staff", user("vs", Set.of("vendor"), Set.of("V1"), Set.of()));
        PRINCIPALS.put("vendor staff of two", user("vs2", Set.of("vendor"), Set.of("V1", "V2"), Set.of()));
        PRINCIPALS.put("customer", user("cust-1", Set.of("customer"), Set.of(), Set.of()));
        PRINCIPALS.put("vendor and customer", user("cust-2", Set.of("customer", "vendor"), Set.of("V1"), Set.of()));
        PRINCIPALS.put("stranger", new Principal(Principal.Kind.USER, "x", Set.of("vendor", "tenant_admin"),
                Optional.empty(), Map.of(), Set.of(), Set.of(T2), Set.of(), Set.of("V1")));
        PRINCIPALS.put("no roles", user("nobody", Set.of(), Set.of("V1"), Set.of()));
        PRINCIPALS.put("key *:write", key("k1", Set.of("*:write"), Set.of(), Set.of()));
        PRINCIPALS.put("key order:read", key("k2", Set.of("order:read"), Set.of(), Set.of()));
        PRINCIPALS.put("key of vendor V1", key("k3", Set.of("*:write"), Set.of("V1"), Set.of()));
        PRINCIPALS.put("key of store S1", key("k4", Set.of("*:read"), Set.of(), Set.of(S1)));

        RESOURCES.add(Resource.of("vendor", "V1", T1).with("vendor", "V1"));
        RESOURCES.add(Resource.of("vendor", "V2", T1).with("vendor", "V2"));
        RESOURCES.add(Resource.of("vendor", "V1b", T2).with("vendor", "V1"));
        RESOURCES.add(Resource.of("order", "O1", T1).with("vendor", "V1").with("owner", "cust-1").with("store", S1.toString()));
        RESOURCES.add(Resource.of("order", "O2", T1).with("vendor", "V2").with("owner", "cust-2").with("store", S2.toString()));
        RESOURCES.add(Resource.of("order", "O3", T2).with("vendor", "V1").with("owner", "cust-1").with("store", S1.toString()));
        RESOURCES.add(Resource.of("order", "O4", T1).with("vendor", "V1").with("owner", "cust-3").with("store", S1.toString()));
        RESOURCES.add(Resource.of("payout", "P1", T1).with("vendor", "V1"));
        RESOURCES.add(Resource.of("payout", "P2", T1).with("vendor", "V2"));
        RESOURCES.add(Resource.of("store", "S1", T1).with("store", S1.toString()));
        RESOURCES.add(Resource.of("store", "S2", T1).with("store", S2.toString()));
        RESOURCES.add(Resource.of("store", "S3", T2).with("store", UUID.randomUUID().toString()));
        RESOURCES.add(Resource.of("widget", "W1", T1).with("vendor", "V1"));
    }

    static Principal user(String subject, Set<String> roles, Set<String> vendors, Set<StoreId> stores) {
        return new Principal(Principal.Kind.USER, subject, roles, Optional.empty(), Map.of(), Set.of(), Set.of(T1),
                stores, vendors);
    }

    static Principal key(String id, Set<String> scopes, Set<String> vendors, Set<StoreId> stores) {
        return new Principal(Principal.Kind.API_KEY, id, Set.of(ApiKeys.ROLE), Optional.empty(), Map.of(), scopes,
                Set.of(T1), stores, vendors);
    }

    static EmbeddedAuthorizer embedded;
    static CerbosAuthorizer cerbos;

    @BeforeAll
    static void start() {
        embedded = new EmbeddedAuthorizer(EmbeddedPolicy.marketplaceExample());
        cerbos = CerbosAuthorizer.builder(CerbosPdp.shared(CerbosPdp.SHIPPED_POLICIES).url()).build();
    }

    private static List<Check> everyCheck() {
        List<Check> checks = new ArrayList<>();
        for (Resource r : RESOURCES) {
            for (String a : ACTIONS) {
                checks.add(new Check(r, a));
            }
        }
        return checks;
    }

    /** "allow" or "deny" for (principal, resource id, action), from the given authorizer. */
    private static Map<String, Boolean> answers(Authorizer authz) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        List<Check> checks = everyCheck();
        PRINCIPALS.forEach((name, p) -> {
            List<Decision> ds = authz.checkAll(p, checks);
            for (int i = 0; i < checks.size(); i++) {
                assertThat(ds.get(i).check()).isEqualTo(checks.get(i));
                out.put(name + " " + checks.get(i).action() + " " + checks.get(i).resource().id(), ds.get(i).allowed());
            }
        });
        return out;
    }

    @Test
    void theEmbeddedAuthorizerAnswersAsCerbosDoesOnTheShippedPolicies() {
        Map<String, Boolean> mine = answers(embedded);
        Map<String, Boolean> theirs = answers(cerbos);

        assertThat(mine).hasSize(PRINCIPALS.size() * RESOURCES.size() * ACTIONS.size());
        List<String> differences = new ArrayList<>();
        mine.forEach((k, v) -> {
            if (!v.equals(theirs.get(k))) {
                differences.add(k + ": embedded " + v + ", cerbos " + theirs.get(k));
            }
        });
        assertThat(differences).isEmpty();
        assertThat(mine.values()).contains(true, false);

        Map<String, Boolean> expected = new LinkedHashMap<>();
        expected.put("platform admin delete O3", true);
        expected.put("platform admin read W1", false); // unknown kind: denied to everyone
        expected.put("tenant admin approve O1", true);
        expected.put("tenant admin read O3", false); // another tenant's
        expected.put("vendor staff read O1", true);
        expected.put("vendor staff fulfil O1", true);
        expected.put("vendor staff update O1", false);
        expected.put("vendor staff read O2", false); // another vendor's
        expected.put("vendor staff read P1", true);
        expected.put("vendor staff read P2", false);
        expected.put("vendor staff update V1", true);
        expected.put("vendor staff update V2", false);
        expected.put("vendor staff read S2", true);
        expected.put("vendor staff of two read O2", true);
        expected.put("customer read O1", true);
        expected.put("customer create O1", true);
        expected.put("customer read O2", false); // someone else's order
        expected.put("customer read O3", false); // own, but in another tenant
        expected.put("customer read P1", false);
        expected.put("vendor and customer read O2", true); // own as customer
        expected.put("vendor and customer read O4", true); // its vendor's
        expected.put("stranger read V1", false);
        expected.put("no roles read S1", false);
        expected.put("key *:write update O1", true);
        expected.put("key *:write delete P2", true);
        expected.put("key order:read read O1", true);
        expected.put("key order:read update O1", false); // a read-scoped key used to write
        expected.put("key order:read read P1", false); // outside its scopes
        expected.put("key of vendor V1 update O1", true);
        expected.put("key of vendor V1 update O2", false);
        expected.put("key of store S1 read S1", true);
        expected.put("key of store S1 read S2", false);
        expected.put("key of store S1 update S1", false);
        expected.forEach((k, v) -> assertThat(mine.get(k)).as(k).isEqualTo(v));
    }

    // ------------------------------------------------------------------ the vendor portal

    /** Who asks the vendor portal's questions. */
    static Map<String, Principal> portalPrincipals() {
        Map<String, Principal> m = new LinkedHashMap<>();
        m.put("platform admin", PRINCIPALS.get("platform admin"));
        m.put("tenant admin", PRINCIPALS.get("tenant admin"));
        m.put("tenant admin of T2", new Principal(Principal.Kind.USER, "ta2", Set.of("tenant_admin"), Optional.empty(),
                Map.of(), Set.of(), Set.of(T2), Set.of(), Set.of()));
        m.put("vendor user of V1", user("vu", Set.of("vendor"), Set.of("V1"), Set.of()));
        m.put("vendor user of V1 and V4", user("vu14", Set.of("vendor"), Set.of("V1", "V4"), Set.of()));
        m.put("vendor user of V2", user("vu2", Set.of("vendor"), Set.of("V2"), Set.of()));
        m.put("vendor user of V1 in T2", new Principal(Principal.Kind.USER, "vut2", Set.of("vendor"), Optional.empty(),
                Map.of(), Set.of(), Set.of(T2), Set.of(), Set.of("V1")));
        m.put("vendor user without vendor claims", user("vu0", Set.of("vendor"), Set.of(), Set.of()));
        m.put("customer", PRINCIPALS.get("customer"));
        m.put("vendor and customer", PRINCIPALS.get("vendor and customer"));
        m.put("no roles", PRINCIPALS.get("no roles"));
        m.put("key *:write", PRINCIPALS.get("key *:write"));
        m.put("key vendor:read", key("k5", Set.of("vendor:read"), Set.of(), Set.of()));
        m.put("key of vendor V1", PRINCIPALS.get("key of vendor V1"));
        m.put("key of vendor V2", key("k6", Set.of("*:write"), Set.of("V2"), Set.of()));
        return m;
    }

    /** The asker's role in the vendor, as the portal sends it. */
    static final List<String> MEMBERSHIPS = List.of("none", "staff", "admin", "owner");
    static final List<String> PORTAL_ACTIONS;

    static {
        List<String> actions = new ArrayList<>(EmbeddedPolicy.VENDOR_PORTAL_ACTIONS);
        actions.addAll(List.of("read", "update"));
        PORTAL_ACTIONS = List.copyOf(actions);
    }

    /** A vendor resource as {@code VendorAccess.authorizedBy} builds it. */
    static Resource portalVendor(String id, TenantId tenant, String membership) {
        return Resource.of("vendor", id, tenant).with("vendor", id).with(EmbeddedPolicy.MEMBER_ROLE, membership)
                .with("status", "active");
    }

    /**
     * "allow"/"deny" for every (principal, action, vendor, tenant, membership): vendor V1 of T1, the
     * same id V1 under T2, and W2, a vendor of T2.
     */
    private static Map<String, Boolean> portalAnswers(Authorizer authz) {
        List<Check> checks = new ArrayList<>();
        for (String membership : MEMBERSHIPS) {
            for (Resource r : List.of(portalVendor("V1", T1, membership), portalVendor("V1", T2, membership),
                    portalVendor("W2", T2, membership))) {
                for (String action : PORTAL_ACTIONS) {
                    checks.add(new Check(r, action));
                }
            }
        }
        Map<String, Boolean> out = new LinkedHashMap<>();
        portalPrincipals().forEach((name, p) -> {
            List<Decision> ds = authz.checkAll(p, checks);
            for (int i = 0; i < checks.size(); i++) {
                Resource r = checks.get(i).resource();
                out.put(name + " " + checks.get(i).action() + " " + r.id() + "@" + (r.tenant().equals(T1) ? "T1" : "T2")
                        + " as " + r.attribute(EmbeddedPolicy.MEMBER_ROLE), ds.get(i).allowed());
            }
        });
        return out;
    }

    @Test
    void theVendorPortalIsAnsweredAlikeForEveryRoleActionAndMembership() {
        Map<String, Boolean> mine = portalAnswers(embedded);
        Map<String, Boolean> theirs = portalAnswers(cerbos);

        assertThat(mine).hasSize(portalPrincipals().size() * MEMBERSHIPS.size() * 3 * PORTAL_ACTIONS.size());
        List<String> differences = new ArrayList<>();
        mine.forEach((k, v) -> {
            if (!v.equals(theirs.get(k))) {
                differences.add(k + ": embedded " + v + ", cerbos " + theirs.get(k));
            }
        });
        assertThat(differences).isEmpty();

        // a vendor user whose claims name the tenant and the vendor gets what the member table's role allows
        for (String membership : MEMBERSHIPS) {
            for (String action : EmbeddedPolicy.VENDOR_PORTAL_ACTIONS) {
                boolean expected = switch (membership) {
                    case "owner", "admin" -> true;
                    case "staff" -> EmbeddedPolicy.VENDOR_PORTAL_STAFF_ACTIONS.contains(action);
                    default -> false;
                };
                String k = "vendor user of V1 " + action + " V1@T1 as " + membership;
                assertThat(mine.get(k)).as(k).isEqualTo(expected);
            }
        }
        Map<String, Boolean> expected = new LinkedHashMap<>();
        expected.put("vendor user of V1 view_orders V1@T1 as staff", true);
        expected.put("vendor user of V1 fulfill_orders V1@T1 as staff", true);
        expected.put("vendor user of V1 view_earnings V1@T1 as staff", false);
        expected.put("vendor user of V1 request_payout V1@T1 as admin", true);
        expected.put("vendor user of V1 view_products V1@T1 as none", false); // the token claims it, the member table does not
        expected.put("vendor user of V2 view_products V1@T1 as owner", false); // the member table does, the token does not
        expected.put("vendor user without vendor claims view_products V1@T1 as owner", false);
        expected.put("vendor user of V1 view_products V1@T2 as owner", false); // V1's id under another tenant
        expected.put("vendor user of V1 view_products W2@T2 as owner", false); // a vendor of another tenant
        expected.put("vendor user of V1 in T2 view_products V1@T1 as owner", false);
        expected.put("vendor user of V1 in T2 view_products V1@T2 as owner", true);
        expected.put("vendor user of V1 update V1@T1 as none", true); // the profile rule reads the token only
        expected.put("tenant admin request_payout V1@T1 as none", true);
        expected.put("tenant admin view_products V1@T2 as none", false);
        expected.put("tenant admin view_products W2@T2 as owner", false);
        expected.put("platform admin request_payout W2@T2 as none", true);
        expected.put("customer view_products V1@T1 as owner", false);
        expected.put("vendor and customer view_orders V1@T1 as staff", true);
        expected.put("no roles view_products V1@T1 as owner", false);
        expected.put("key vendor:read view_orders V1@T1 as none", true);
        expected.put("key vendor:read fulfill_orders V1@T1 as none", false); // a read-scoped key used to write
        expected.put("key of vendor V1 request_payout V1@T1 as none", true);
        expected.put("key of vendor V2 view_orders V1@T1 as none", false);
        expected.put("key *:write manage_products W2@T2 as none", false);
        expected.forEach((k, v) -> assertThat(mine.get(k)).as(k).isEqualTo(v));
    }

    @BothDatabases
    void vendorPortalPlansSelectExactlyTheVendorsTheChecksAllow(TestDatabase db) {
        CityOs cityOs = db.cityOs(TestClock.at("2026-01-01T00:00:00Z"));
        Field<UUID> tenant = DSL.field(DSL.name("t", "tenant_id"), SQLDataType.UUID);
        Field<String> id = DSL.field(DSL.name("t", "id"), SQLDataType.VARCHAR);
        Field<String> vendor = DSL.field(DSL.name("t", "vendor"), SQLDataType.VARCHAR);
        Field<String> role = DSL.field(DSL.name("t", "member_role"), SQLDataType.VARCHAR);
        Map<String, Field<?>> columns = Map.of("tenant", tenant, "id", id, "vendor", vendor,
                EmbeddedPolicy.MEMBER_ROLE, role);
        // the asker's role in each vendor of T1, as a join with the member table would give it
        Map<String, String> roles = Map.of("V1", "owner", "V2", "staff", "V3", "none", "V4", "admin");
        List<Resource> rows = roles.entrySet().stream().map(e -> portalVendor(e.getKey(), T1, e.getValue())).toList();
        List<Row4<UUID, String, String, String>> values = new ArrayList<>();
        for (Resource r : rows) {
            values.add(DSL.row(T1.value(), r.id(), r.id(), (String) r.attribute(EmbeddedPolicy.MEMBER_ROLE)));
        }
        @SuppressWarnings("unchecked")
        Table<Record> table = (Table<Record>) (Table<?>) DSL.values(values.toArray(Row4[]::new))
                .as("t", "tenant_id", "id", "vendor", "member_role");
        int conditional = 0;
        for (Map.Entry<String, Principal> e : portalPrincipals().entrySet()) {
            for (String action : PORTAL_ACTIONS) {
                Set<String> allowed = new LinkedHashSet<>();
                for (Resource r : rows) {
                    if (embedded.check(e.getValue(), r, action).allowed()) {
                        allowed.add(r.id());
                    }
                }
                for (Authorizer a : List.of(embedded, cerbos)) {
                    AccessPlan plan = a.plan(e.getValue(), "vendor", action, T1);
                    conditional += plan.kind() == AccessPlan.Kind.CONDITIONAL ? 1 : 0;
                    Set<String> listed = new LinkedHashSet<>(cityOs.db().dsl().select(id).from(table)
                            .where(tenant.eq(T1.value())).and(plan.toCondition(columns)).orderBy(id).fetch(id));
                    assertThat(listed).as(e.getKey() + " " + action + " via " + a.getClass().getSimpleName())
                            .isEqualTo(new java.util.TreeSet<>(allowed));
                }
            }
        }
        assertThat(conditional).as("some plans are conditional").isGreaterThan(10);
    }

    @Test
    void aConditionThatFailsToEvaluateDenies() {
        Principal customer = PRINCIPALS.get("customer");
        // owner is a number here: Cerbos's CEL cannot compare it with the principal id, and denies
        Resource odd = Resource.of("order", "O9", T1).with("owner", 42).with("vendor", List.of("V1"));
        for (Authorizer a : List.of(embedded, cerbos)) {
            assertThat(a.check(customer, odd, "read").allowed()).isFalse();
            assertThat(a.check(PRINCIPALS.get("vendor staff"), odd, "read").allowed()).isFalse();
        }
    }

    @Test
    void anUnknownResourceKindIsDeniedWithAReason() {
        Decision d = cerbos.check(PRINCIPALS.get("platform admin"), Resource.of("widget", "W1", T1), "read");
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).contains("no Cerbos policy for resource kind 'widget'");
        assertThat(embedded.check(PRINCIPALS.get("platform admin"), Resource.of("widget", "W1", T1), "read").reason())
                .contains("no policy for resource kind 'widget'");
        assertThat(cerbos.plan(PRINCIPALS.get("platform admin"), "widget", "read", T1).kind())
                .isEqualTo(AccessPlan.Kind.ALWAYS_DENIED);
    }

    @BothDatabases
    void listPlansSelectExactlyTheRowsTheChecksAllow(TestDatabase db) {
        CityOs cityOs = db.cityOs(TestClock.at("2026-01-01T00:00:00Z"));
        Field<UUID> tenant = DSL.field(DSL.name("t", "tenant_id"), SQLDataType.UUID);
        Field<String> id = DSL.field(DSL.name("t", "id"), SQLDataType.VARCHAR);
        Field<String> vendor = DSL.field(DSL.name("t", "vendor"), SQLDataType.VARCHAR);
        Field<String> owner = DSL.field(DSL.name("t", "owner"), SQLDataType.VARCHAR);
        Field<String> store = DSL.field(DSL.name("t", "store"), SQLDataType.VARCHAR);
        Map<String, Field<?>> columns = Map.of("tenant", tenant, "id", id, "vendor", vendor, "owner", owner, "store", store);
        int conditional = 0;
        for (String kind : KINDS) {
            List<Resource> rows = RESOURCES.stream().filter(r -> r.kind().equals(kind) && r.tenant().equals(T1)).toList();
            List<Row5<UUID, String, String, String, String>> values = new ArrayList<>();
            for (Resource r : rows) {
                values.add(DSL.row(r.tenant().value(), r.id(), (String) r.attribute("vendor"), (String) r.attribute("owner"),
                        (String) r.attribute("store")));
            }
            @SuppressWarnings("unchecked")
            Table<Record> table = (Table<Record>) (Table<?>) DSL.values(values.toArray(Row5[]::new))
                    .as("t", "tenant_id", "id", "vendor", "owner", "store");
            for (Map.Entry<String, Principal> e : PRINCIPALS.entrySet()) {
                for (String action : ACTIONS) {
                    Set<String> allowed = new LinkedHashSet<>();
                    for (Resource r : rows) {
                        if (embedded.check(e.getValue(), r, action).allowed()) {
                            allowed.add(r.id());
                        }
                    }
                    String what = e.getKey() + " " + action + " " + kind;
                    for (Authorizer a : List.of(embedded, cerbos)) {
                        AccessPlan plan = a.plan(e.getValue(), kind, action, T1);
                        if (plan.kind() == AccessPlan.Kind.CONDITIONAL) {
                            conditional++;
                        }
                        Condition where = plan.toCondition(columns);
                        Set<String> listed = new LinkedHashSet<>(cityOs.db().dsl().select(id).from(table)
                                .where(tenant.eq(T1.value())).and(where).orderBy(id).fetch(id));
                        assertThat(listed).as(what + " via " + a.getClass().getSimpleName()).isEqualTo(allowed);
                    }
                }
            }
        }
        assertThat(conditional).as("some plans are conditional").isGreaterThan(10);
    }
}
