package org.cityos.marketplace.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.marketplace.VendorId;

/**
 * Validation of a whole rule set and the choice of the rule for a line, most specific first:
 * product &gt; vendor + category &gt; vendor &gt; category &gt; tenant default.
 */
public final class RuleSets {
    private RuleSets() {
    }

    /** The rule chosen for a line: its tier and terms (the default's tier when no rule matched). */
    public record Applied(CommissionRule.Tier tier, CommissionTerms terms) {
        public Applied {
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(terms, "terms");
        }
    }

    /**
     * Checks a rule set as a whole (each rule checked itself when it was built).
     *
     * @throws CityOsException {@code invalid_rule} naming the first rule that repeats another's key
     */
    public static void validate(List<CommissionRule> rules) {
        Map<CommissionRule.Key, Integer> seen = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            CommissionRule r = Objects.requireNonNull(rules.get(i), "rule");
            Integer first = seen.putIfAbsent(r.key(), i);
            if (first != null) {
                throw new CityOsException(ErrorCode.INVALID_RULE, "invalid commission rule: rule " + (i + 1)
                        + " repeats the key " + r.key() + " of rule " + (first + 1));
            }
        }
    }

    /**
     * The rule for a vendor's line of {@code product} in {@code category}.
     *
     * @param defaultTerms the tenant default (from {@code default_rate_bps}) used when the set has no default rule
     */
    public static Applied resolve(List<CommissionRule> rules, CommissionTerms defaultTerms, VendorId vendor,
                                  Optional<String> category, String product) {
        Objects.requireNonNull(vendor, "vendor");
        CommissionRule best = null;
        for (CommissionRule r : rules) {
            if (matches(r, vendor, category, product)
                    && (best == null || r.tier().ordinal() < best.tier().ordinal())) {
                best = r;
            }
        }
        return best == null ? new Applied(CommissionRule.Tier.DEFAULT, defaultTerms) : new Applied(best.tier(), best.terms());
    }

    private static boolean matches(CommissionRule r, VendorId vendor, Optional<String> category, String product) {
        return switch (r.tier()) {
            case PRODUCT -> r.product().get().equals(product);
            case VENDOR_CATEGORY -> r.vendor().get().equals(vendor) && category.equals(r.category());
            case VENDOR -> r.vendor().get().equals(vendor);
            case CATEGORY -> category.equals(r.category());
            case DEFAULT -> true;
        };
    }
}
