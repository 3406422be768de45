package org.cityos.billing.b2b.internal;

import org.cityos.billing.rules.Pricing;
import org.cityos.testkit.Gen;

/** Random prices for tests outside this package. */
public final class LadderTestSupport {
    private LadderTestSupport() {
    }

    public static Pricing pricing(Gen g, int maxTiers, long maxBound, long maxAmount) {
        return LadderTest.pricing(g, maxTiers, maxBound, maxAmount);
    }
}
