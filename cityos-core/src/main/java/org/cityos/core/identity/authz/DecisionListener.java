package org.cityos.core.identity.authz;

import java.util.Map;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;

/**
 * Hears every decision of an {@link Authorizer#audited audited} authorizer, for audit trails and
 * metrics. Listeners run on the caller's thread; one that throws is logged and ignored.
 */
@FunctionalInterface
public interface DecisionListener {

    /** Called once per decision made for {@code principal}. */
    void decided(Principal principal, Decision decision);

    /**
     * Writes decisions to the tenant's audit log as action {@code authorize.<action>}: every
     * denial (as refused), and allowances too when {@code allowances} is true (as applied; one
     * write per check, so mind the cost on hot paths).
     */
    static DecisionListener auditLog(CityOs cityOs, boolean allowances) {
        return (principal, d) -> {
            Resource r = d.check().resource();
            TenantContext ctx = TenantContext.of(r.tenant(), principal);
            String action = "authorize." + d.check().action();
            if (!d.allowed()) {
                cityOs.audit().refused(ctx, action, r.kind(), r.id(),
                        new CityOsException(ErrorCode.FORBIDDEN, d.reason()));
            } else if (allowances) {
                cityOs.db().tenant(ctx, tx -> {
                    cityOs.audit().applied(tx, ctx, action, r.kind(), r.id(), null,
                            Map.of("decision", "allow", "reason", d.reason()));
                    return null;
                });
            }
        };
    }
}
