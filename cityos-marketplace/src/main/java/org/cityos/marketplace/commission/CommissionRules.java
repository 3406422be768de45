package org.cityos.marketplace.commission;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Validate;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.internal.Market;
import org.cityos.marketplace.internal.RuleRepository;
import org.cityos.marketplace.internal.Text;
import org.cityos.marketplace.internal.VendorRepository;
import org.cityos.marketplace.rules.CommissionRule;
import org.cityos.marketplace.rules.CommissionTerms;
import org.cityos.marketplace.rules.RuleSets;
import org.cityos.marketplace.vendor.Vendor;

/**
 * A tenant's commission rule set, replaced as a whole or not at all. Changing the set affects
 * only orders placed afterwards: each order line keeps the terms it was placed with.
 */
public final class CommissionRules {
    private final Market market;

    /** For {@code Marketplace}; hosts get this service from {@code Marketplace.commissionRules()}. */
    public CommissionRules(Market market) {
        this.market = market;
    }

    /**
     * Replaces the tenant's rule set with {@code rules}; on any fault the old set stays.
     *
     * @throws CityOsException {@code unknown_vendor} for a rule naming a vendor the tenant does not
     *                         have (checked first), then {@code invalid_rule} naming the rule and value
     */
    public List<CommissionRule> replace(TenantContext ctx, List<NewCommissionRule> rules) {
        Validate.required("rules", rules);
        List<NewCommissionRule> input = List.copyOf(rules);
        return market.write(ctx, "commission_rules.replaced", "commission_rules", ctx.tenant(), tx -> {
            market.requireTenant(tx, ctx);
            Market.requireOperator(ctx, "set commission rules");
            // the ids a request names come first
            List<Optional<VendorId>> vendors = new ArrayList<>();
            for (NewCommissionRule r : input) {
                Optional<VendorId> v = Optional.empty();
                if (r.vendor().isPresent()) {
                    if (r.vendor().get() == VendorRef.platform()) {
                        vendors.add(null);
                        continue;
                    }
                    v = VendorRepository.resolve(tx, ctx, r.vendor().get()).map(Vendor::id);
                }
                vendors.add(v);
            }
            List<CommissionRule> built = new ArrayList<>();
            for (int i = 0; i < input.size(); i++) {
                built.add(build(i, input.get(i), vendors.get(i)));
            }
            RuleSets.validate(built);
            List<CommissionRule> before = RuleRepository.load(tx, ctx);
            RuleRepository.replace(tx, ctx, built, market.now());
            market.applied(tx, ctx, "commission_rules.replaced", "commission_rules", ctx.tenant(), before, built);
            return List.copyOf(built);
        });
    }

    /** The tenant's current rule set, in the order it was given. */
    public List<CommissionRule> current(TenantContext ctx) {
        return market.read(ctx, tx -> RuleRepository.load(tx, ctx));
    }

    private static CommissionRule build(int index, NewCommissionRule r, Optional<VendorId> vendor) {
        try {
            if (vendor == null) {
                throw new CityOsException(ErrorCode.INVALID_RULE,
                        "invalid commission rule: the platform earns no commission, so no rule can name it");
            }
            CommissionTerms terms = new CommissionTerms(r.rateBps(), r.flat(), r.min(), r.max());
            return new CommissionRule(vendor, r.category().map(c -> Text.key("category", c)),
                    r.product().map(p -> Text.id("product id", p)), r.tenantDefault(), terms);
        } catch (CityOsException e) {
            if (e.code() == ErrorCode.INVALID_RULE || e.code() == ErrorCode.INVALID_ARGUMENT) {
                throw new CityOsException(ErrorCode.INVALID_RULE, "rule " + (index + 1) + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }
}
