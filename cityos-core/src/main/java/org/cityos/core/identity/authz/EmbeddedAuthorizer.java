package org.cityos.core.identity.authz;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.cityos.core.Principal;
import org.cityos.core.StoreId;
import org.cityos.core.TenantId;
import org.cityos.core.Values;

/**
 * An {@link Authorizer} for hosts without a policy service: evaluates an {@link EmbeddedPolicy} in
 * memory. Stateless and thread-safe; it gives the same answers as the Cerbos PDP on the shipped
 * example policies (a shared test holds them to that).
 */
public final class EmbeddedAuthorizer implements Authorizer {
    private static final Set<String> STAFF_OR_ABOVE = Set.of("owner", "admin", "staff");
    private static final Set<String> ADMIN_OR_ABOVE = Set.of("owner", "admin");
    private final EmbeddedPolicy policy;

    public EmbeddedAuthorizer(EmbeddedPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public List<Decision> checkAll(Principal principal, List<Check> checks) {
        Objects.requireNonNull(principal, "principal");
        List<Decision> out = new ArrayList<>(checks.size());
        for (Check c : checks) {
            out.add(decide(principal, c));
        }
        return out;
    }

    private Decision decide(Principal p, Check c) {
        Resource r = c.resource();
        Optional<String> ceiling = Ceiling.denial(p, r.kind(), c.action());
        if (ceiling.isPresent()) {
            return Decision.deny(c, ceiling.get());
        }
        if (!policy.knows(r.kind())) {
            return Decision.deny(c, "no policy for resource kind " + Values.quote(r.kind()));
        }
        for (EmbeddedPolicy.Rule rule : policy.rules()) {
            if (rule.kind().equals(r.kind()) && rule.covers(c.action()) && intersects(rule.roles(), p.roles())
                    && rule.conditions().stream().allMatch(w -> holds(w, p, r))) {
                return Decision.allow(c, "embedded rule " + rule.kind() + " " + rule.roles() + " " + rule.actions());
            }
        }
        return Decision.deny(c, "no rule allows " + c.action() + " on " + r.kind());
    }

    private static boolean holds(EmbeddedPolicy.When w, Principal p, Resource r) {
        return switch (w) {
            case TENANT_MEMBER -> contains(tenants(p), r.attribute(Resource.TENANT));
            case VENDOR_MEMBER -> contains(p.vendors(), r.attribute("vendor"));
            case STORE_MEMBER -> contains(stores(p), r.attribute("store"));
            case OWNER -> r.attribute("owner") instanceof String owner && owner.equals(p.subject());
            case VENDOR_IF_BOUND -> p.vendors().isEmpty() || contains(p.vendors(), r.attribute("vendor"));
            case STORE_IF_BOUND -> p.stores().isEmpty() || contains(stores(p), r.attribute("store"));
            case MEMBER_AT_LEAST_STAFF -> contains(STAFF_OR_ABOVE, r.attribute(EmbeddedPolicy.MEMBER_ROLE));
            case MEMBER_AT_LEAST_ADMIN -> contains(ADMIN_OR_ABOVE, r.attribute(EmbeddedPolicy.MEMBER_ROLE));
        };
    }

    private static boolean contains(Collection<String> set, Object value) {
        return value instanceof String s && set.contains(s);
    }

    private static Set<String> tenants(Principal p) {
        return p.tenants().stream().map(TenantId::toString).collect(Collectors.toSet());
    }

    private static Set<String> stores(Principal p) {
        return p.stores().stream().map(StoreId::toString).collect(Collectors.toSet());
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        for (String x : a) {
            if (b.contains(x)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public AccessPlan plan(Principal principal, String kind, String action, TenantId tenant) {
        if (Ceiling.denial(principal, kind, action).isPresent() || !policy.knows(kind)) {
            return AccessPlan.denied();
        }
        List<PlanExpression> alternatives = new ArrayList<>();
        for (EmbeddedPolicy.Rule rule : policy.rules()) {
            if (!rule.kind().equals(kind) || !rule.covers(action) || !intersects(rule.roles(), principal.roles())) {
                continue;
            }
            List<PlanExpression> conjuncts = new ArrayList<>();
            boolean impossible = false;
            for (EmbeddedPolicy.When w : rule.conditions()) {
                Optional<PlanExpression> e = residual(w, principal, tenant);
                if (e == null) {
                    impossible = true;
                    break;
                }
                e.ifPresent(conjuncts::add);
            }
            if (impossible) {
                continue;
            }
            if (conjuncts.isEmpty()) {
                return AccessPlan.allowed();
            }
            alternatives.add(PlanExpression.and(conjuncts));
        }
        return alternatives.isEmpty() ? AccessPlan.denied() : AccessPlan.conditional(PlanExpression.or(alternatives));
    }

    /** What a condition leaves to check per row: empty when always true, null when never. */
    private static Optional<PlanExpression> residual(EmbeddedPolicy.When w, Principal p, TenantId tenant) {
        return switch (w) {
            // the list is of the tenant's resources: its membership is known now
            case TENANT_MEMBER -> p.memberOf(tenant) ? Optional.empty() : null;
            case VENDOR_MEMBER -> member("vendor", p.vendors());
            case STORE_MEMBER -> member("store", stores(p));
            case OWNER -> Optional.of(new PlanExpression.Operation("eq",
                    List.of(PlanExpression.attribute("owner"), new PlanExpression.Value(p.subject()))));
            case VENDOR_IF_BOUND -> p.vendors().isEmpty() ? Optional.empty() : member("vendor", p.vendors());
            case STORE_IF_BOUND -> p.stores().isEmpty() ? Optional.empty() : member("store", stores(p));
            case MEMBER_AT_LEAST_STAFF -> member(EmbeddedPolicy.MEMBER_ROLE, STAFF_OR_ABOVE);
            case MEMBER_AT_LEAST_ADMIN -> member(EmbeddedPolicy.MEMBER_ROLE, ADMIN_OR_ABOVE);
        };
    }

    private static Optional<PlanExpression> member(String attribute, Set<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        return Optional.of(new PlanExpression.Operation("in",
                List.of(PlanExpression.attribute(attribute), new PlanExpression.Value(List.copyOf(values)))));
    }
}
