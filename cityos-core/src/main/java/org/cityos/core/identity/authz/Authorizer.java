package org.cityos.core.identity.authz;

import java.util.List;
import java.util.Objects;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Principal;
import org.cityos.core.TenantId;
import org.slf4j.LoggerFactory;

/**
 * The authorization port: may a principal do an action on a resource? Implementations deny by
 * default (no matching rule, an unknown resource kind, an unreachable policy service or any error
 * all deny), and an API key never exceeds its scopes whatever the policy says. Two come with the
 * library: {@link EmbeddedAuthorizer} and {@link CerbosAuthorizer}.
 */
public interface Authorizer {

    /** Decides each check, in order; the result has one decision per check. */
    List<Decision> checkAll(Principal principal, List<Check> checks);

    /**
     * Which resources of {@code kind} in {@code tenant} the principal may do {@code action} on, as
     * a plan a list query turns into SQL with {@link AccessPlan#toCondition}.
     */
    AccessPlan plan(Principal principal, String kind, String action, TenantId tenant);

    /** Decides one check. */
    default Decision check(Principal principal, Resource resource, String action) {
        return checkAll(principal, List.of(new Check(resource, action))).get(0);
    }

    /** Raises {@code forbidden}, with the decision's reason, unless the action is allowed. */
    default void require(Principal principal, Resource resource, String action) {
        Decision d = check(principal, resource, action);
        if (!d.allowed()) {
            throw new CityOsException(ErrorCode.FORBIDDEN, principal.actor() + " may not " + action + " "
                    + resource.kind() + " " + org.cityos.core.Values.quote(resource.id()) + ": " + d.reason());
        }
    }

    /** {@code delegate} with every decision also reported to {@code listener}. */
    static Authorizer audited(Authorizer delegate, DecisionListener listener) {
        Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(listener, "listener");
        return new Authorizer() {
            @Override
            public List<Decision> checkAll(Principal principal, List<Check> checks) {
                List<Decision> out = delegate.checkAll(principal, checks);
                for (Decision d : out) {
                    try {
                        listener.decided(principal, d);
                    } catch (RuntimeException e) {
                        LoggerFactory.getLogger(Authorizer.class).warn("decision listener failed: {}", e.toString());
                    }
                }
                return out;
            }

            @Override
            public AccessPlan plan(Principal principal, String kind, String action, TenantId tenant) {
                return delegate.plan(principal, kind, action, tenant);
            }
        };
    }
}
