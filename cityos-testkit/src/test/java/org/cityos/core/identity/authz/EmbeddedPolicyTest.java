package org.cityos.core.identity.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.cityos.core.Principal;
import org.cityos.core.TenantId;
import org.junit.jupiter.api.Test;

class EmbeddedPolicyTest {
    private final TenantId tenant = new TenantId(UUID.randomUUID());
    private final Principal vendorStaff = Principal.user("vera", "vendor")
            .withMemberships(Set.of(tenant), Set.of(), Set.of("v1"));
    private final Resource payouts = Resource.of("payout", "v1", tenant).with("vendor", "v1");

    @Test
    void aHostExtendsTheExamplePolicyWithoutCopyingIt() {
        EmbeddedPolicy base = EmbeddedPolicy.marketplaceExample();
        EmbeddedPolicy extended = EmbeddedPolicy.builder(base)
                .allow("payout", List.of("vendor"), List.of("request"), EmbeddedPolicy.When.TENANT_MEMBER,
                        EmbeddedPolicy.When.VENDOR_MEMBER)
                .build();

        assertThat(new EmbeddedAuthorizer(base).check(vendorStaff, payouts, "request").allowed()).isFalse();
        EmbeddedAuthorizer authz = new EmbeddedAuthorizer(extended);
        assertThat(authz.check(vendorStaff, payouts, "request").allowed()).isTrue();
        assertThat(authz.check(vendorStaff, payouts, "list").allowed()).as("the base rules still apply").isTrue();
        assertThat(authz.check(vendorStaff, Resource.of("payout", "v2", tenant).with("vendor", "v2"), "request")
                .allowed()).as("another vendor's payouts").isFalse();
        assertThat(base.rules()).hasSizeLessThan(extended.rules().size());
    }
}
