package org.cityos.billing.b2b.company;

import static org.cityos.billing.internal.Rows.odt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.Actor;
import org.cityos.billing.b2b.AddressId;
import org.cityos.billing.b2b.CompanyId;
import org.cityos.billing.b2b.internal.B2bEngine;
import org.cityos.billing.b2b.internal.CompanyStore;
import org.cityos.billing.internal.db.tables.records.B2bCompanyAddressRecord;
import org.cityos.billing.internal.db.tables.records.B2bCompanyRecord;
import org.cityos.billing.internal.db.tables.records.B2bEmployeeRecord;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Ids;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.Values;
import org.cityos.core.tenancy.Validate;
import org.jooq.DSLContext;

/**
 * A tenant's companies: create (merchant), change, employees with roles and spending limits,
 * addresses. Changes to employees and addresses are made by the merchant or one of the company's
 * admins ({@link Actor}); a company always keeps at least one admin. A customer is an employee of
 * at most one company in a tenant.
 */
public final class Companies {
    private final B2bEngine engine;

    /** For {@code B2b}; hosts get this service from {@code B2b.companies()}. */
    public Companies(B2bEngine engine) {
        this.engine = engine;
    }

    /**
     * Creates a company with its first admin; {@code conflict} when the handle is taken or the
     * admin already works for a company.
     */
    public Company create(TenantContext ctx, NewCompany n) {
        Validate.required("company", n);
        return engine.writeAffectingPrices(ctx, "company.created", "company", n.handle(), tx -> {
            engine.tenant(ctx);
            UUID t = ctx.tenant().value();
            if (CompanyStore.byHandle(tx, t, n.handle()).isPresent()) {
                throw CityOsException.conflict("company handle '" + n.handle() + "' is taken");
            }
            refuseOtherCompany(tx, t, n.admin(), null);
            var now = engine.now();
            B2bCompanyRecord r = new B2bCompanyRecord();
            r.setTenantId(t);
            r.setId(engine.newId());
            r.setHandle(n.handle());
            r.setName(n.name());
            r.setCreditLimit(n.creditLimit());
            r.setPaymentTerms(n.terms().code());
            r.setRequiresApproval(n.requiresApproval());
            r.setCreatedAt(odt(now));
            r.setUpdatedAt(odt(now));
            CompanyStore.insert(tx, r);
            Company c = CompanyStore.toCompany(r);
            CompanyStore.insertEmployee(tx, t, c.id(), n.admin(), EmployeeRole.ADMIN, java.util.OptionalLong.empty(), now);
            engine.publish(tx, ctx, "company.created", "company", c.id(), Map.of("company", c.id().toString(),
                    "handle", c.handle(), "admin", n.admin().value()));
            engine.audit(tx, ctx, "company.created", "company", c.id(), null, c);
            return c;
        });
    }

    public Optional<Company> get(TenantContext ctx, CompanyId id) {
        return engine.read(ctx, tx -> CompanyStore.find(tx, ctx.tenant().value(), id).map(CompanyStore::toCompany));
    }

    /** The company; {@code unknown_company} when the tenant has none with this id. */
    public Company require(TenantContext ctx, CompanyId id) {
        return get(ctx, id).orElseThrow(() -> CompanyStore.unknown(id));
    }

    public Optional<Company> byHandle(TenantContext ctx, String handle) {
        return engine.read(ctx, tx -> CompanyStore.byHandle(tx, ctx.tenant().value(), handle)
                .map(CompanyStore::toCompany));
    }

    /** The tenant's companies in creation order, keyset-paginated. */
    public Page<Company> list(TenantContext ctx, PageRequest page) {
        UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
        List<Company> rows = engine.read(ctx, tx -> CompanyStore.page(tx, ctx.tenant().value(), after,
                page.limit() + 1)).stream().map(CompanyStore::toCompany).toList();
        return Page.of(rows, page.limit(), c -> c.id().toString());
    }

    /**
     * Changes a company; {@code forbidden} for an actor who is neither the merchant nor an admin of
     * it, and for an admin changing the credit limit or the terms (the merchant's to set).
     */
    public Company update(TenantContext ctx, CompanyId id, Actor by, CompanyChange change) {
        Validate.required("change", change);
        return engine.write(ctx, "company.updated", "company", id, tx -> {
            UUID t = ctx.tenant().value();
            B2bCompanyRecord r = CompanyStore.lock(tx, t, id);
            engine.requireAdmin(tx, ctx, id, by, "change company " + id);
            if (by instanceof Actor.Employee e && (change.creditLimit().isPresent() || change.terms().isPresent())) {
                throw new CityOsException(ErrorCode.FORBIDDEN, "customer " + Values.quote(e.customer())
                        + " may not change the credit limit or payment terms of company " + id
                        + ": the merchant sets them");
            }
            Company before = CompanyStore.toCompany(r);
            change.name().ifPresent(r::setName);
            change.creditLimit().ifPresent(r::setCreditLimit);
            change.terms().ifPresent(x -> r.setPaymentTerms(x.code()));
            change.requiresApproval().ifPresent(r::setRequiresApproval);
            if (!r.changed()) {
                return before;
            }
            CompanyStore.update(tx, r, engine.now());
            Company after = CompanyStore.toCompany(r);
            engine.publish(tx, ctx, "company.updated", "company", id, Map.of("company", id.toString()));
            engine.audit(tx, ctx, "company.updated", "company", id, before, after);
            return after;
        });
    }

    /**
     * Adds an employee to the company, or changes the role and spending limit of one it has.
     *
     * @throws CityOsException {@code unknown_company}; {@code forbidden} unless {@code by} is the
     *                         merchant or an admin of the company; {@code conflict} when the
     *                         customer works for another company, or the change would leave the
     *                         company without an admin
     */
    public Employee putEmployee(TenantContext ctx, CompanyId id, Actor by, NewEmployee e) {
        Validate.required("employee", e);
        return engine.writeAffectingPrices(ctx, "company.employee_put", "company", id, tx -> {
            UUID t = ctx.tenant().value();
            CompanyStore.lock(tx, t, id);
            engine.requireAdmin(tx, ctx, id, by, "manage the employees of company " + id);
            var now = engine.now();
            Optional<B2bEmployeeRecord> existing = refuseOtherCompany(tx, t, e.customer(), id);
            String event;
            Object before = null;
            if (existing.isPresent()) {
                Employee was = CompanyStore.toEmployee(existing.get());
                before = was;
                if (was.role() == EmployeeRole.ADMIN && e.role() != EmployeeRole.ADMIN
                        && CompanyStore.admins(tx, t, id) <= 1) {
                    throw lastAdmin(id, e.customer());
                }
                CompanyStore.updateEmployee(tx, t, e.customer(), e.role(), e.spendingLimit(), now);
                event = "company.employee_changed";
            } else {
                CompanyStore.insertEmployee(tx, t, id, e.customer(), e.role(), e.spendingLimit(), now);
                event = "company.employee_added";
            }
            Employee after = CompanyStore.toEmployee(CompanyStore.employee(tx, t, e.customer()).orElseThrow());
            engine.publish(tx, ctx, event, "company", id, employeePayload(after));
            engine.audit(tx, ctx, event, "company", id, before, after);
            return after;
        });
    }

    /**
     * Removes an employee from the company; {@code unknown_customer} when the customer is not one
     * of its employees, {@code conflict} for its last admin, {@code forbidden} as for {@link #putEmployee}.
     */
    public void removeEmployee(TenantContext ctx, CompanyId id, Actor by, CustomerId customer) {
        Validate.required("customer", customer);
        engine.writeAffectingPrices(ctx, "company.employee_removed", "company", id, tx -> {
            UUID t = ctx.tenant().value();
            CompanyStore.lock(tx, t, id);
            engine.requireAdmin(tx, ctx, id, by, "manage the employees of company " + id);
            B2bEmployeeRecord r = CompanyStore.employee(tx, t, customer)
                    .filter(x -> x.getCompanyId().equals(id.value()))
                    .orElseThrow(() -> new CityOsException(ErrorCode.UNKNOWN_CUSTOMER, "customer "
                            + Values.quote(customer) + " is not an employee of company " + id));
            Employee was = CompanyStore.toEmployee(r);
            if (was.role() == EmployeeRole.ADMIN && CompanyStore.admins(tx, t, id) <= 1) {
                throw lastAdmin(id, customer);
            }
            CompanyStore.deleteEmployee(tx, t, customer);
            engine.publish(tx, ctx, "company.employee_removed", "company", id, employeePayload(was));
            engine.audit(tx, ctx, "company.employee_removed", "company", id, was, null);
            return null;
        });
    }

    /** The company's employees by customer id; {@code unknown_company} when there is no such company. */
    public List<Employee> employees(TenantContext ctx, CompanyId id) {
        return engine.read(ctx, tx -> {
            CompanyStore.require(tx, ctx.tenant().value(), id);
            return CompanyStore.employees(tx, ctx.tenant().value(), id).stream().map(CompanyStore::toEmployee).toList();
        });
    }

    /** The customer's place in a company, if they work for one. */
    public Optional<Employee> employee(TenantContext ctx, CustomerId customer) {
        return engine.read(ctx, tx -> CompanyStore.employee(tx, ctx.tenant().value(), customer)
                .map(CompanyStore::toEmployee));
    }

    /** Adds an address to the company; {@code forbidden} unless {@code by} is the merchant or an admin of it. */
    public Address addAddress(TenantContext ctx, CompanyId id, Actor by, NewAddress a) {
        Validate.required("address", a);
        return engine.write(ctx, "company.address_added", "company", id, tx -> {
            UUID t = ctx.tenant().value();
            CompanyStore.require(tx, t, id);
            engine.requireAdmin(tx, ctx, id, by, "change the addresses of company " + id);
            B2bCompanyAddressRecord r = new B2bCompanyAddressRecord();
            r.setTenantId(t);
            r.setId(engine.newId());
            r.setCompanyId(id.value());
            r.setKind(a.kind().name().toLowerCase(java.util.Locale.ROOT));
            r.setLabel(a.label());
            r.setLine1(a.line1());
            r.setLine2(a.line2().orElse(null));
            r.setCity(a.city());
            r.setRegion(a.region().orElse(null));
            r.setPostalCode(a.postalCode().orElse(null));
            r.setCountry(a.country());
            r.setCreatedAt(odt(engine.now()));
            CompanyStore.insertAddress(tx, r);
            Address out = CompanyStore.toAddress(r);
            engine.publish(tx, ctx, "company.address_added", "company", id,
                    Map.of("company", id.toString(), "address", out.id().toString()));
            engine.audit(tx, ctx, "company.address_added", "company", id, null, out);
            return out;
        });
    }

    /** Removes an address; {@code not_found} when the company has no such address. */
    public void removeAddress(TenantContext ctx, CompanyId id, Actor by, AddressId address) {
        Validate.required("address", address);
        engine.write(ctx, "company.address_removed", "company", id, tx -> {
            UUID t = ctx.tenant().value();
            CompanyStore.require(tx, t, id);
            engine.requireAdmin(tx, ctx, id, by, "change the addresses of company " + id);
            if (CompanyStore.deleteAddress(tx, t, id, address) == 0) {
                throw CityOsException.notFound("address of company " + id, address);
            }
            engine.publish(tx, ctx, "company.address_removed", "company", id,
                    Map.of("company", id.toString(), "address", address.toString()));
            engine.audit(tx, ctx, "company.address_removed", "company", id, Map.of("address", address.toString()),
                    null);
            return null;
        });
    }

    /** The company's addresses; {@code unknown_company} when there is no such company. */
    public List<Address> addresses(TenantContext ctx, CompanyId id) {
        return engine.read(ctx, tx -> {
            CompanyStore.require(tx, ctx.tenant().value(), id);
            return CompanyStore.addresses(tx, ctx.tenant().value(), id);
        });
    }

    /** The customer's employee row in {@code company} if any; {@code conflict} when they work for another company. */
    static Optional<B2bEmployeeRecord> refuseOtherCompany(DSLContext tx, UUID tenant, CustomerId customer,
                                                          CompanyId company) {
        Optional<B2bEmployeeRecord> r = CompanyStore.employee(tx, tenant, customer);
        if (r.isPresent() && (company == null || !r.get().getCompanyId().equals(company.value()))) {
            throw CityOsException.conflict("customer " + Values.quote(customer) + " is an employee of company "
                    + r.get().getCompanyId() + " already");
        }
        return r;
    }

    private static CityOsException lastAdmin(CompanyId id, CustomerId customer) {
        return CityOsException.conflict("customer " + Values.quote(customer) + " is the last admin of company " + id
                + ": make another employee admin first");
    }

    static Map<String, Object> employeePayload(Employee e) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("company", e.company().toString());
        p.put("customer", e.customer().value());
        p.put("role", e.role().code());
        e.spendingLimit().ifPresent(l -> p.put("spending_limit", l));
        return p;
    }
}
