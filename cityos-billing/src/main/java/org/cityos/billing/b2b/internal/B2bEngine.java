package org.cityos.billing.b2b.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.Actor;
import org.cityos.billing.b2b.CompanyId;
import org.cityos.billing.b2b.company.EmployeeRole;
import org.cityos.billing.internal.Engine;
import org.cityos.billing.internal.TenantInfo;
import org.cityos.billing.internal.db.tables.records.B2bEmployeeRecord;
import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Ids;
import org.cityos.core.TenantContext;
import org.cityos.core.Values;
import org.cityos.marketplace.Marketplace;
import org.jooq.DSLContext;

/**
 * What the B2B services share (internal): billing's engine (database, clock, audit, outbox,
 * invoice numbers), the marketplace orders are placed through, the price cache, and the checks
 * of who may act for a company.
 */
public final class B2bEngine {
    private final Engine billing;
    private final CityOs cityOs;
    private final Marketplace market;
    private final PriceCache prices;
    private final Duration invitationTtl;

    public B2bEngine(Engine billing, CityOs cityOs, Marketplace market, PriceCache prices, Duration invitationTtl) {
        this.billing = billing;
        this.cityOs = cityOs;
        this.market = market;
        this.prices = prices;
        this.invitationTtl = invitationTtl;
    }

    public Engine billing() {
        return billing;
    }

    public PriceCache prices() {
        return prices;
    }

    public Duration invitationTtl() {
        return invitationTtl;
    }

    /** The clock's time in whole seconds, as billing stores it. */
    public Instant now() {
        return billing.now();
    }

    public UUID newId() {
        return Ids.next(billing.db().clock());
    }

    /** The tenant's zone and currency; {@code unknown_tenant} when there is no such tenant. */
    public TenantInfo tenant(TenantContext ctx) {
        return billing.tenant(ctx);
    }

    /** A read in a tenant-scoped transaction. */
    public <T> T read(TenantContext ctx, Function<DSLContext, T> work) {
        return billing.db().tenant(ctx, work);
    }

    /**
     * A change in one tenant-scoped transaction; a refusal rolls it back and is audited as refused
     * (in a transaction of its own) before it is rethrown.
     */
    public <T> T write(TenantContext ctx, String action, String entityType, Object entityId,
                       Function<DSLContext, T> work) {
        return billing.refusing(ctx, action, entityType, entityId, () -> billing.db().tenant(ctx, work));
    }

    /**
     * A {@link #write} that changes what prices a buyer gets (price lists, employees, group members):
     * once it has committed, the tenant's cached prices are dropped.
     */
    public <T> T writeAffectingPrices(TenantContext ctx, String action, String entityType, Object entityId,
                                      Function<DSLContext, T> work) {
        T result = write(ctx, action, entityType, entityId, work);
        prices.invalidate(ctx.tenant().value());
        return result;
    }

    /** The marketplace's services joined to {@code tx}: an order they place commits or rolls back with it. */
    public Marketplace market(DSLContext tx) {
        return market.joining(cityOs.join(tx));
    }

    /** The marketplace itself (its own transactions), for reads. */
    public Marketplace market() {
        return market;
    }

    public void publish(DSLContext tx, TenantContext ctx, String type, String aggregateType, Object id,
                        Map<String, Object> payload) {
        billing.events().publish(tx, ctx, type, aggregateType, String.valueOf(id), payload);
    }

    public void audit(DSLContext tx, TenantContext ctx, String action, String entityType, Object id, Object before,
                      Object after) {
        billing.audit().applied(tx, ctx, action, entityType, id, before, after);
    }

    // ------------------------------------------------------------------ who may act

    /**
     * The employee record of {@code customer} in {@code company}; {@code forbidden} naming both when
     * the customer is not an employee of that company or their role may not do {@code what}.
     */
    public B2bEmployeeRecord requireEmployee(DSLContext tx, TenantContext ctx, CompanyId company, CustomerId customer,
                                            java.util.function.Predicate<EmployeeRole> allowed, String what) {
        B2bEmployeeRecord e = CompanyStore.employee(tx, ctx.tenant().value(), customer).orElse(null);
        if (e == null || !e.getCompanyId().equals(company.value())) {
            throw new CityOsException(ErrorCode.FORBIDDEN, "customer " + Values.quote(customer) + " may not " + what
                    + ": not an employee of company " + company);
        }
        EmployeeRole role = EmployeeRole.of(e.getRole());
        if (!allowed.test(role)) {
            throw new CityOsException(ErrorCode.FORBIDDEN, "customer " + Values.quote(customer) + " may not " + what
                    + ": their role in company " + company + " is " + role.code());
        }
        return e;
    }

    /** Refuses ({@code forbidden}) an actor who is neither the merchant nor an admin of {@code company}. */
    public void requireAdmin(DSLContext tx, TenantContext ctx, CompanyId company, Actor by, String what) {
        if (by instanceof Actor.Employee e) {
            requireEmployee(tx, ctx, company, e.customer(), r -> r == EmployeeRole.ADMIN, what);
        } else if (by == null) {
            throw CityOsException.invalid("actor", null, "must be the merchant or an employee");
        }
    }
}
