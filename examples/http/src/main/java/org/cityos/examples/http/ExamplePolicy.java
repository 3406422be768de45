package org.cityos.examples.http;

import java.util.List;

import org.cityos.core.identity.authz.EmbeddedPolicy;
import org.cityos.core.identity.authz.EmbeddedPolicy.When;

/**
 * The example's authorization policy: the library's example marketplace policy plus one rule, so
 * that vendor users may request payouts of their own vendor (the shipped policy lets them only
 * read and list payouts). For Cerbos, the same rule is in the example's
 * {@code cerbos/policies/payout.yaml}, served in place of the shipped one.
 */
public final class ExamplePolicy {
    /** The action a vendor user's payout request is checked as, on resource kind {@code payout}. */
    public static final String REQUEST_PAYOUT = "request";

    private ExamplePolicy() {
    }

    /** The embedded form of the policy. */
    public static EmbeddedPolicy embedded() {
        return EmbeddedPolicy.builder(EmbeddedPolicy.marketplaceExample())
                .allow("payout", List.of("vendor"), List.of(REQUEST_PAYOUT), When.TENANT_MEMBER, When.VENDOR_MEMBER)
                .build();
    }
}
