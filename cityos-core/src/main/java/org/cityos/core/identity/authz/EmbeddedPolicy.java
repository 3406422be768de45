package org.cityos.core.identity.authz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.identity.apikey.ApiKeys;

/**
 * The rules of an {@link EmbeddedAuthorizer}: per resource kind, which roles may do which actions
 * ({@code *} for all), under which conditions. Rules only allow; whatever no rule allows is denied.
 * {@link #marketplaceExample()} is the same policy as the Cerbos policies shipped in
 * {@code cerbos/policies/}.
 */
public final class EmbeddedPolicy {
    /** Conditions a rule can require, each with its Cerbos expression for reference. */
    public enum When {
        /** {@code R.attr.tenant in P.attr.tenants}: the resource belongs to one of the principal's tenants. */
        TENANT_MEMBER,
        /** {@code R.attr.vendor in P.attr.vendors}: the resource belongs to one of the principal's vendors. */
        VENDOR_MEMBER,
        /** {@code R.attr.store in P.attr.stores}: the resource belongs to one of the principal's stores. */
        STORE_MEMBER,
        /** {@code R.attr.owner == P.id}: the principal owns the resource. */
        OWNER,
        /** {@code size(P.attr.vendors) == 0 || R.attr.vendor in P.attr.vendors}: a vendor-bound principal stays in its vendors. */
        VENDOR_IF_BOUND,
        /** {@code size(P.attr.stores) == 0 || R.attr.store in P.attr.stores}: a store-bound principal stays in its stores. */
        STORE_IF_BOUND,
        /**
         * {@code R.attr.member_role in ["owner", "admin", "staff"]}: the principal is a member of the
         * vendor resource, in any role, by the marketplace's member table (the vendor portal sends
         * attribute {@value EmbeddedPolicy#MEMBER_ROLE}).
         */
        MEMBER_AT_LEAST_STAFF,
        /** {@code R.attr.member_role in ["owner", "admin"]}: the principal owns or administers the vendor resource. */
        MEMBER_AT_LEAST_ADMIN
    }

    /**
     * The resource attribute that carries the asking principal's role in a vendor: {@code owner},
     * {@code admin}, {@code staff}, or {@code none} for a principal who is no member of it.
     */
    public static final String MEMBER_ROLE = "member_role";
    /** The vendor-portal actions vendor staff may take: see products and orders, fulfil orders. */
    public static final List<String> VENDOR_PORTAL_STAFF_ACTIONS = List.of("view_products", "view_orders",
            "fulfill_orders");
    /** Every vendor-portal action; owners and admins of a vendor may take them all. */
    public static final List<String> VENDOR_PORTAL_ACTIONS = List.of("view_products", "manage_products",
            "view_orders", "fulfill_orders", "view_earnings", "view_payouts", "request_payout");

    /** One allow rule. */
    record Rule(String kind, Set<String> roles, Set<String> actions, List<When> conditions) {
        boolean covers(String action) {
            return actions.contains("*") || actions.contains(action);
        }
    }

    private final List<Rule> rules;

    private EmbeddedPolicy(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** A builder of rules. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder that starts with {@code base}'s rules, so a host can add its own to the example
     * policy instead of copying it (rules only allow: the result allows at least what {@code base} does).
     */
    public static Builder builder(EmbeddedPolicy base) {
        Builder b = new Builder();
        b.rules.addAll(Objects.requireNonNull(base, "base").rules);
        return b;
    }

    List<Rule> rules() {
        return rules;
    }

    /** Whether any rule mentions {@code kind}. */
    public boolean knows(String kind) {
        return rules.stream().anyMatch(r -> r.kind().equals(kind));
    }

    /**
     * The example marketplace policy (vendors, orders, payouts, stores): platform admins do
     * anything; tenant admins anything in their tenants; vendor staff read and update their vendor
     * and read, list and fulfil its orders and payouts; customers read and create their own orders
     * and read stores and vendors; API keys act within their tenant (and their vendor or store when
     * bound), capped by their scopes. In the vendor portal (resource {@code vendor}, the
     * {@link #VENDOR_PORTAL_ACTIONS}), a user with role {@code vendor} whose claims name the tenant
     * and the vendor may take the {@link #VENDOR_PORTAL_STAFF_ACTIONS} as a member in any role, and
     * every portal action as its owner or admin ({@link #MEMBER_ROLE}).
     */
    public static EmbeddedPolicy marketplaceExample() {
        List<String> all = List.of("*");
        Builder b = builder();
        for (String kind : List.of("vendor", "order", "payout", "store")) {
            b.allow(kind, List.of("platform_admin"), all);
            b.allow(kind, List.of("tenant_admin"), all, When.TENANT_MEMBER);
        }
        b.allow("vendor", List.of("vendor"), List.of("read", "update"), When.TENANT_MEMBER, When.VENDOR_MEMBER);
        b.allow("vendor", List.of("vendor"), VENDOR_PORTAL_STAFF_ACTIONS, When.TENANT_MEMBER, When.VENDOR_MEMBER,
                When.MEMBER_AT_LEAST_STAFF);
        b.allow("vendor", List.of("vendor"), VENDOR_PORTAL_ACTIONS, When.TENANT_MEMBER, When.VENDOR_MEMBER,
                When.MEMBER_AT_LEAST_ADMIN);
        b.allow("vendor", List.of("customer"), List.of("read"), When.TENANT_MEMBER);
        b.allow("vendor", List.of(ApiKeys.ROLE), all, When.TENANT_MEMBER, When.VENDOR_IF_BOUND);
        b.allow("order", List.of("vendor"), List.of("read", "list", "fulfil"), When.TENANT_MEMBER, When.VENDOR_MEMBER);
        b.allow("order", List.of("customer"), List.of("read", "create"), When.TENANT_MEMBER, When.OWNER);
        b.allow("order", List.of(ApiKeys.ROLE), all, When.TENANT_MEMBER, When.VENDOR_IF_BOUND);
        b.allow("payout", List.of("vendor"), List.of("read", "list"), When.TENANT_MEMBER, When.VENDOR_MEMBER);
        b.allow("payout", List.of(ApiKeys.ROLE), all, When.TENANT_MEMBER, When.VENDOR_IF_BOUND);
        b.allow("store", List.of("vendor", "customer"), List.of("read", "list"), When.TENANT_MEMBER);
        b.allow("store", List.of(ApiKeys.ROLE), all, When.TENANT_MEMBER, When.STORE_IF_BOUND);
        return b.build();
    }

    /** Collects rules; {@link #build()} refuses an empty or malformed rule set. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();

        private Builder() {
        }

        /** Allows {@code roles} to do {@code actions} on {@code kind} when every condition holds. */
        public Builder allow(String kind, List<String> roles, List<String> actions, When... conditions) {
            Objects.requireNonNull(kind, "kind");
            if (roles.isEmpty() || actions.isEmpty()) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "embedded policy rule for " + kind
                        + " needs at least one role and one action");
            }
            rules.add(new Rule(kind, Set.copyOf(roles), Set.copyOf(actions), List.copyOf(Arrays.asList(conditions))));
            return this;
        }

        /** The policy. */
        public EmbeddedPolicy build() {
            if (rules.isEmpty()) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "embedded policy has no rules: it would deny everything");
            }
            return new EmbeddedPolicy(rules);
        }
    }
}
