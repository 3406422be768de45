package org.cityos.marketplace;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModuleDependencyTest {

    @Test
    void the_marketplace_does_not_see_billing_which_depends_on_it() {
        // billing -> marketplace -> core: a dependency back would be a cycle
        assertThatThrownBy(() -> Class.forName("org.cityos.billing.Billing"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
