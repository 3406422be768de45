package org.cityos.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.identity.authz.Authorizer;
import org.cityos.core.identity.authz.CerbosAuthorizer;
import org.cityos.core.identity.authz.EmbeddedAuthorizer;
import org.cityos.core.identity.authz.EmbeddedPolicy;
import org.cityos.core.identity.authz.Resource;
import org.cityos.marketplace.catalog.ProductLink;
import org.cityos.marketplace.portal.VendorAccess;
import org.cityos.marketplace.portal.VendorAction;
import org.cityos.marketplace.portal.VendorPortal;
import org.cityos.marketplace.vendor.MemberRole;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.marketplace.vendor.VendorStatus;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.CerbosPdp;
import org.cityos.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The vendor portal decided by the library's authorization port ({@link VendorAccess#authorizedBy}),
 * on the embedded example policy and on the real Cerbos PDP serving the shipped policies: the same
 * answers as {@link VendorAccess#membership()} for vendor users whose claims name the tenant and
 * the vendor, and no way into another tenant.
 */
class VendorAccessAuthorizerTest {
    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 3, 1, 8, 0, 0, 0, ZoneOffset.UTC);

    /** The embedded example policy and the shipped Cerbos policies on a real PDP (started on loopback). */
    private static Map<String, Authorizer> authorizers() {
        Map<String, Authorizer> m = new LinkedHashMap<>();
        m.put("embedded", new EmbeddedAuthorizer(EmbeddedPolicy.marketplaceExample()));
        m.put("cerbos", CerbosAuthorizer.builder(CerbosPdp.shared(CerbosPdp.SHIPPED_POLICIES).url()).build());
        return m;
    }

    private static Principal vendorUser(String subject, TenantId tenant, Vendor... vendors) {
        return Principal.user(subject, Marketplace.VENDOR_ROLE).withMemberships(Set.of(tenant), Set.of(),
                Set.copyOf(Arrays.stream(vendors).map(v -> v.id().toString()).toList()));
    }

    private static void refused(ErrorCode code, Runnable r, String... message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(CityOsException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            for (String part : message) {
                assertThat(e.getMessage()).contains(part);
            }
        });
    }

    private static List<Optional<MemberRole>> memberships() {
        List<Optional<MemberRole>> out = new ArrayList<>();
        out.add(Optional.empty());
        Arrays.stream(MemberRole.values()).map(Optional::of).forEach(out::add);
        return out;
    }

    @Test
    void the_portal_actions_are_the_policy_s_and_the_resource_carries_the_membership_and_status() {
        assertThat(Arrays.stream(VendorAction.values()).map(VendorAction::wire).toList())
                .containsExactlyElementsOf(EmbeddedPolicy.VENDOR_PORTAL_ACTIONS);
        TenantId t = new TenantId(UUID.randomUUID());
        Vendor v = new Vendor(new VendorId(UUID.randomUUID()), "dates", "Dates", VendorStatus.SUSPENDED, NOW, NOW);
        Resource member = VendorAccess.resource(TenantContext.of(t, Principal.user("vera")), v, Optional.of(MemberRole.OWNER));
        assertThat(member.kind()).isEqualTo("vendor");
        assertThat(member.id()).isEqualTo(v.id().toString());
        assertThat(member.tenant()).isEqualTo(t);
        assertThat(member.attributes()).containsEntry("vendor", v.id().toString()).containsEntry("status", "suspended")
                .containsEntry("member_role", "owner").containsEntry("tenant", t.toString());
        assertThat(VendorAccess.resource(TenantContext.of(t, Principal.user("x")), v, Optional.empty())
                .attribute("member_role")).isEqualTo("none");
        refused(ErrorCode.CONFIGURATION, () -> VendorAccess.authorizedBy(null), "authorizer");
    }

    @Test
    void both_policies_answer_every_role_action_and_membership_as_the_member_table_for_vendor_users() {
        TenantId t = new TenantId(UUID.randomUUID());
        TenantId other = new TenantId(UUID.randomUUID());
        Vendor v = new Vendor(new VendorId(UUID.randomUUID()), "dates", "Dates", VendorStatus.ACTIVE, NOW, NOW);
        Vendor w = new Vendor(new VendorId(UUID.randomUUID()), "figs", "Figs", VendorStatus.ACTIVE, NOW, NOW);
        Map<String, Principal> who = new LinkedHashMap<>();
        who.put("vendor user of v", vendorUser("vera", t, v));
        who.put("vendor user of w", vendorUser("wes", t, w));
        who.put("vendor user of v in another tenant", vendorUser("otto", other, v));
        who.put("tenant admin", Principal.user("olga", "tenant_admin").withMemberships(Set.of(t), Set.of(), Set.of()));
        who.put("tenant admin of another tenant", Principal.user("oleg", "tenant_admin")
                .withMemberships(Set.of(other), Set.of(), Set.of()));
        who.put("customer", Principal.user("cleo", "customer").withMemberships(Set.of(t), Set.of(), Set.of()));
        who.put("platform admin", Principal.user("pat", "platform_admin"));
        VendorAccess byRole = VendorAccess.membership();
        Map<String, Authorizer> authorizers = authorizers();
        int asked = 0;
        for (Map.Entry<String, Principal> p : who.entrySet()) {
            TenantContext ctx = TenantContext.of(t, p.getValue());
            for (Optional<MemberRole> membership : memberships()) {
                for (VendorAction action : VendorAction.values()) {
                    boolean embedded = VendorAccess.authorizedBy(authorizers.get("embedded")).permits(ctx, v, membership, action);
                    boolean cerbos = VendorAccess.authorizedBy(authorizers.get("cerbos")).permits(ctx, v, membership, action);
                    String what = p.getKey() + " " + action.wire() + " as " + membership.map(MemberRole::wire).orElse("none");
                    assertThat(cerbos).as(what).isEqualTo(embedded);
                    boolean expected = switch (p.getKey()) {
                        case "vendor user of v" -> byRole.permits(ctx, v, membership, action);
                        case "tenant admin", "platform admin" -> true;
                        default -> false;
                    };
                    assertThat(embedded).as(what).isEqualTo(expected);
                    asked++;
                }
            }
        }
        assertThat(asked).isEqualTo(who.size() * 4 * VendorAction.values().length);
    }

    /**
     * Tenant t1 with vendors a (alice admin, sam staff) and b (bob owner), tenant t2 with vendor c
     * (alice owner there too, under the same subject). Alice's claims name t1 and vendors a and c.
     */
    @BothDatabases
    void the_portal_authorized_by_either_policy_keeps_members_in_their_tenant_and_vendor(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-03-01T08:00:00Z");
        TenantContext op1 = f.tenant("t1", Map.of("hold_days", "1"));
        TenantContext op2 = f.tenant("t2", Map.of("hold_days", "1"));
        Vendor a = f.activeVendor(op1, "a");
        Vendor b = f.activeVendor(op1, "b");
        Vendor c = f.activeVendor(op2, "c");
        f.market.vendors().putMember(op1, a.id(), "alice", MemberRole.ADMIN);
        f.market.vendors().putMember(op1, a.id(), "sam", MemberRole.STAFF);
        f.market.vendors().putMember(op1, b.id(), "bob", MemberRole.OWNER);
        f.market.vendors().putMember(op2, c.id(), "alice", MemberRole.OWNER);
        f.market.products().link(op1, "pa1", VendorRef.of(a.id()), Optional.empty());
        f.market.products().link(op2, "pc1", VendorRef.of(c.id()), Optional.empty());
        Principal alice = vendorUser("alice", op1.tenant(), a, c);
        TenantContext aliceInT1 = TenantContext.of(op1.tenant(), alice);
        TenantContext aliceInT2 = TenantContext.of(op2.tenant(), alice);
        TenantContext sam = TenantContext.of(op1.tenant(), vendorUser("sam", op1.tenant(), a));
        TenantContext mallory = TenantContext.of(op1.tenant(), vendorUser("mallory", op1.tenant(), a));
        TenantContext olga = TenantContext.of(op1.tenant(), Principal.user("olga", "tenant_admin")
                .withMemberships(Set.of(op1.tenant()), Set.of(), Set.of()));

        // the default decides by the member table alone: alice, in t2's context, reaches c (she is its owner there)
        assertThat(f.market.vendorPortal().products(aliceInT2, c.id())).extracting(ProductLink::productId)
                .containsExactly("pc1");

        for (Map.Entry<String, Authorizer> e : authorizers().entrySet()) {
            VendorAccess access = VendorAccess.authorizedBy(e.getValue());
            VendorPortal portal = Marketplace.builder(f.cityOs).vendorAccess(access).build().vendorPortal();
            String via = e.getKey();

            assertThat(portal.products(aliceInT1, a.id())).as(via).extracting(ProductLink::productId).containsExactly("pa1");
            assertThat(portal.earnings(aliceInT1, a.id()).available()).as(via).isZero();
            refused(ErrorCode.FORBIDDEN, () -> portal.products(aliceInT1, b.id()), "not a member");
            // a's id under tenant t2: the portal does not find it there, and the decision itself refuses it too
            refused(ErrorCode.UNKNOWN_VENDOR, () -> portal.products(aliceInT2, a.id()));
            assertThat(access.permits(aliceInT2, a, Optional.of(MemberRole.ADMIN), VendorAction.VIEW_PRODUCTS))
                    .as(via).isFalse();
            // a vendor of t2 she owns by t2's member table: her claims do not name t2
            refused(ErrorCode.FORBIDDEN, () -> portal.products(aliceInT2, c.id()), "alice");
            refused(ErrorCode.FORBIDDEN, () -> portal.requestPayout(aliceInT2, c.id()));
            // staff by the member table: orders yes, money no
            assertThat(portal.ordersToFulfill(sam, a.id(), PageRequest.first(5)).items()).as(via).isEmpty();
            refused(ErrorCode.FORBIDDEN, () -> portal.requestPayout(sam, a.id()), "as staff");
            refused(ErrorCode.FORBIDDEN, () -> portal.earnings(sam, a.id()), "as staff");
            // claims without a member row
            refused(ErrorCode.FORBIDDEN, () -> portal.products(mallory, a.id()), "not a member");
            // a tenant admin is no member, and the policy lets it act in its tenant
            assertThat(portal.products(olga, b.id())).as(via).isEmpty();
            refused(ErrorCode.FORBIDDEN, () -> portal.products(TenantContext.of(op2.tenant(), olga.principal()), c.id()));
        }

        // an unreachable policy service refuses every call
        VendorPortal down = Marketplace.builder(f.cityOs)
                .vendorAccess(VendorAccess.authorizedBy(CerbosAuthorizer.builder("http://127.0.0.1:9").build()))
                .build().vendorPortal();
        refused(ErrorCode.FORBIDDEN, () -> down.products(aliceInT1, a.id()));
    }
}
