package org.cityos.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.audit.AuditEntry;
import org.cityos.core.audit.AuditQuery;
import org.cityos.core.event.Event;
import org.cityos.marketplace.vendor.MemberRole;
import org.cityos.marketplace.vendor.NewVendor;
import org.cityos.marketplace.vendor.PayoutAccount;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.marketplace.vendor.VendorMember;
import org.cityos.marketplace.vendor.VendorStatus;
import org.cityos.marketplace.vendor.Vendors;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;

class VendorsTest {

    @BothDatabases
    void a_vendor_moves_through_its_lifecycle_and_each_move_is_audited_and_announced(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-01-01T00:00:00Z");
        TenantContext ctx = f.tenant("t1", Map.of());
        Vendors vendors = f.market.vendors();

        Vendor v = vendors.apply(ctx, NewVendor.of("dates-co", "Dates Co"));
        assertThat(v.status()).isEqualTo(VendorStatus.PENDING);
        assertThat(vendors.approve(ctx, v.id()).status()).isEqualTo(VendorStatus.ACTIVE);
        assertThat(vendors.suspend(ctx, v.id()).status()).isEqualTo(VendorStatus.SUSPENDED);
        assertThat(vendors.reinstate(ctx, v.id()).status()).isEqualTo(VendorStatus.ACTIVE);

        assertThatThrownBy(() -> vendors.reject(ctx, v.id())).isInstanceOfSatisfying(CityOsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TRANSITION))
                .hasMessageContaining("dates-co").hasMessageContaining("active").hasMessageContaining("rejected");
        Vendor other = vendors.apply(ctx, NewVendor.of("other", "Other"));
        vendors.reject(ctx, other.id());
        assertThatThrownBy(() -> vendors.approve(ctx, other.id())).isInstanceOfSatisfying(CityOsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TRANSITION));
        assertThatThrownBy(() -> vendors.suspend(ctx, other.id())).isInstanceOfSatisfying(CityOsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TRANSITION));

        assertThat(f.cityOs.events().list(ctx, Optional.of("vendor.status_changed"), PageRequest.first(50)).items())
                .extracting(Event::payload)
                .anySatisfy(p -> assertThat(p).contains("\"from\":\"active\"").contains("\"to\":\"suspended\""))
                .hasSize(6);
        assertThat(f.cityOs.audit().query(ctx, AuditQuery.all().entity("vendor", v.id().toString())))
                .extracting(AuditEntry::action)
                .contains("vendor.status_changed");
        assertThat(f.cityOs.audit().query(ctx, AuditQuery.all().entity("vendor", v.id().toString())))
                .anySatisfy(a -> assertThat(a.outcome()).isEqualTo(AuditEntry.Outcome.REFUSED));
        assertThat(vendors.require(ctx, v.id()).status()).isEqualTo(VendorStatus.ACTIVE);
    }

    @BothDatabases
    void handles_are_unique_per_tenant_and_bad_input_names_the_value(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-01-01T00:00:00Z");
        TenantContext a = f.tenant("a", Map.of());
        TenantContext b = f.tenant("b", Map.of());
        Vendors vendors = f.market.vendors();
        vendors.apply(a, NewVendor.of("v1", "One"));
        vendors.apply(b, NewVendor.of("v1", "One in B"));
        assertThatThrownBy(() -> vendors.apply(a, NewVendor.of("v1", "Again")))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("v1");
        assertThatThrownBy(() -> vendors.apply(a, NewVendor.of("Bad Handle", "x")))
                .isInstanceOfSatisfying(CityOsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("Bad Handle");
        assertThat(vendors.list(a, PageRequest.first(10)).items()).extracting(Vendor::name).containsExactly("One");
        assertThat(vendors.byHandle(b, "v1").orElseThrow().name()).isEqualTo("One in B");
    }

    @BothDatabases
    void members_and_the_one_payout_account(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-01-01T00:00:00Z");
        TenantContext ctx = f.tenant("t1", Map.of());
        Vendors vendors = f.market.vendors();
        Vendor v = vendors.apply(ctx, NewVendor.of("dates-co", "Dates Co"));
        vendors.putMember(ctx, v.id(), "alice", MemberRole.OWNER);
        vendors.putMember(ctx, v.id(), "bob", MemberRole.STAFF);
        vendors.putMember(ctx, v.id(), "bob", MemberRole.ADMIN);
        assertThat(vendors.members(ctx, v.id())).extracting(VendorMember::subject, VendorMember::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", MemberRole.OWNER),
                        org.assertj.core.groups.Tuple.tuple("bob", MemberRole.ADMIN));
        vendors.removeMember(ctx, v.id(), "bob");
        assertThat(vendors.members(ctx, v.id())).hasSize(1);

        vendors.setPayoutAccount(ctx, new PayoutAccount(v.id(), "stripe", "acct_1ABCDEF", false));
        vendors.setPayoutAccount(ctx, new PayoutAccount(v.id(), "stripe", "acct_2GHIJKL", true));
        assertThat(vendors.payoutAccount(ctx, v.id())).contains(new PayoutAccount(v.id(), "stripe", "acct_2GHIJKL", true));
        assertThat(new PayoutAccount(v.id(), "stripe", "acct_2GHIJKL", true).toString()).doesNotContain("acct_2GH");
        vendors.rename(ctx, v.id(), "Dates & Co");
        assertThat(vendors.require(ctx, v.id()).name()).isEqualTo("Dates & Co");
    }
}
