package org.cityos.marketplace.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.marketplace.VendorId;
import org.junit.jupiter.api.Test;

class RuleSetsTest {
    private final VendorId dates = new VendorId(UUID.fromString("00000000-0000-7000-8000-000000000001"));
    private final VendorId oud = new VendorId(UUID.fromString("00000000-0000-7000-8000-000000000002"));
    private final CommissionTerms tenantDefault = CommissionTerms.rate(1000);

    private final List<CommissionRule> rules = List.of(
            CommissionRule.forCategory("perfume", CommissionTerms.rate(1500)),
            CommissionRule.forVendor(dates, CommissionTerms.rate(800)),
            CommissionRule.forVendorCategory(dates, "gifts", CommissionTerms.rate(1200).withFlat(100)),
            CommissionRule.forProduct("ajwa-1kg", CommissionTerms.rate(500).withMin(300)));

    @Test
    void the_most_specific_rule_wins() {
        assertThat(RuleSets.resolve(rules, tenantDefault, dates, Optional.of("food"), "ajwa-1kg").tier())
                .isEqualTo(CommissionRule.Tier.PRODUCT);
        assertThat(RuleSets.resolve(rules, tenantDefault, dates, Optional.of("gifts"), "sukkari-box").terms())
                .isEqualTo(CommissionTerms.rate(1200).withFlat(100));
        assertThat(RuleSets.resolve(rules, tenantDefault, dates, Optional.of("perfume"), "x").tier())
                .isEqualTo(CommissionRule.Tier.VENDOR);
        assertThat(RuleSets.resolve(rules, tenantDefault, oud, Optional.of("perfume"), "oud-oil").terms())
                .isEqualTo(CommissionTerms.rate(1500));
        assertThat(RuleSets.resolve(rules, tenantDefault, oud, Optional.of("gifts"), "y"))
                .isEqualTo(new RuleSets.Applied(CommissionRule.Tier.DEFAULT, tenantDefault));
        assertThat(RuleSets.resolve(rules, tenantDefault, oud, Optional.empty(), "y").terms()).isEqualTo(tenantDefault);
    }

    @Test
    void a_default_rule_in_the_set_replaces_the_tenant_setting() {
        List<CommissionRule> withDefault = List.of(CommissionRule.tenantDefault(CommissionTerms.rate(300).withFlat(10)));
        assertThat(RuleSets.resolve(withDefault, tenantDefault, oud, Optional.of("gifts"), "y").terms())
                .isEqualTo(CommissionTerms.rate(300).withFlat(10));
    }

    @Test
    void a_repeated_key_is_an_invalid_rule_naming_both_rules() {
        List<CommissionRule> dup = List.of(CommissionRule.forCategory("books", CommissionTerms.rate(500)),
                CommissionRule.forCategory("books", CommissionTerms.rate(700)));
        assertThatThrownBy(() -> RuleSets.validate(dup)).isInstanceOfSatisfying(CityOsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RULE))
                .hasMessageContaining("rule 2").hasMessageContaining("books").hasMessageContaining("rule 1");
        RuleSets.validate(rules);
    }

    @Test
    void a_rule_without_a_key_or_with_mixed_keys_is_invalid() {
        assertThatThrownBy(() -> new CommissionRule(Optional.empty(), Optional.empty(), Optional.empty(), false,
                CommissionTerms.rate(1))).isInstanceOfSatisfying(CityOsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RULE));
        assertThatThrownBy(() -> new CommissionRule(Optional.of(dates), Optional.empty(), Optional.of("p"), false,
                CommissionTerms.rate(1))).hasMessageContaining("'p'");
        assertThatThrownBy(() -> new CommissionRule(Optional.empty(), Optional.of("c"), Optional.empty(), true,
                CommissionTerms.rate(1))).hasMessageContaining("default");
    }
}
