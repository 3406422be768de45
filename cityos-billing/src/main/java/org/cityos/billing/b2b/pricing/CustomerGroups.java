package org.cityos.billing.b2b.pricing;

import static org.cityos.billing.internal.Rows.odt;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.CustomerGroupId;
import org.cityos.billing.b2b.internal.B2bEngine;
import org.cityos.billing.b2b.internal.PriceStore;
import org.cityos.billing.internal.db.tables.records.B2bCustomerGroupRecord;
import org.cityos.core.CityOsException;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Validate;

/** The tenant's customer groups (the merchant's): create, add and remove members, read. */
public final class CustomerGroups {
    private final B2bEngine engine;

    /** For {@code B2b}; hosts get this service from {@code B2b.customerGroups()}. */
    public CustomerGroups(B2bEngine engine) {
        this.engine = engine;
    }

    /** Creates a group; {@code conflict} when the code is taken. */
    public CustomerGroup create(TenantContext ctx, String code, String name) {
        Validate.handle("customer group code", code);
        String n = Validate.name("customer group name", name);
        return engine.write(ctx, "customer_group.created", "customer_group", code, tx -> {
            engine.tenant(ctx);
            UUID t = ctx.tenant().value();
            if (PriceStore.groupByCode(tx, t, code).isPresent()) {
                throw CityOsException.conflict("customer group code '" + code + "' is taken");
            }
            B2bCustomerGroupRecord r = new B2bCustomerGroupRecord();
            r.setTenantId(t);
            r.setId(engine.newId());
            r.setCode(code);
            r.setName(n);
            r.setCreatedAt(odt(engine.now()));
            PriceStore.insertGroup(tx, r);
            CustomerGroup g = PriceStore.requireGroup(tx, t, new CustomerGroupId(r.getId()));
            engine.publish(tx, ctx, "customer_group.created", "customer_group", g.id(),
                    Map.of("group", g.id().toString(), "code", code));
            engine.audit(tx, ctx, "customer_group.created", "customer_group", g.id(), null, g);
            return g;
        });
    }

    /** Adds a customer to the group (again: nothing changes); {@code unknown_customer_group}. */
    public void addMember(TenantContext ctx, CustomerGroupId group, CustomerId customer) {
        Validate.required("customer", customer);
        engine.writeAffectingPrices(ctx, "customer_group.member_added", "customer_group", group, tx -> {
            UUID t = ctx.tenant().value();
            PriceStore.requireGroup(tx, t, group);
            if (PriceStore.addMember(tx, t, group, customer)) {
                engine.publish(tx, ctx, "customer_group.member_added", "customer_group", group,
                        Map.of("group", group.toString(), "customer", customer.value()));
                engine.audit(tx, ctx, "customer_group.member_added", "customer_group", group, null,
                        Map.of("customer", customer.value()));
            }
            return null;
        });
    }

    /** Removes a customer from the group (not a member: nothing changes); {@code unknown_customer_group}. */
    public void removeMember(TenantContext ctx, CustomerGroupId group, CustomerId customer) {
        Validate.required("customer", customer);
        engine.writeAffectingPrices(ctx, "customer_group.member_removed", "customer_group", group, tx -> {
            UUID t = ctx.tenant().value();
            PriceStore.requireGroup(tx, t, group);
            if (PriceStore.removeMember(tx, t, group, customer)) {
                engine.publish(tx, ctx, "customer_group.member_removed", "customer_group", group,
                        Map.of("group", group.toString(), "customer", customer.value()));
                engine.audit(tx, ctx, "customer_group.member_removed", "customer_group", group,
                        Map.of("customer", customer.value()), null);
            }
            return null;
        });
    }

    public Optional<CustomerGroup> get(TenantContext ctx, CustomerGroupId id) {
        return engine.read(ctx, tx -> PriceStore.group(tx, ctx.tenant().value(), id));
    }

    /** The group; {@code unknown_customer_group} when the tenant has none with this id. */
    public CustomerGroup require(TenantContext ctx, CustomerGroupId id) {
        return get(ctx, id).orElseThrow(() -> PriceStore.unknownGroup(id));
    }

    /** The tenant's groups by code. */
    public List<CustomerGroup> list(TenantContext ctx) {
        return engine.read(ctx, tx -> PriceStore.groups(tx, ctx.tenant().value()));
    }

    /** The group's members by customer id; {@code unknown_customer_group}. */
    public List<CustomerId> members(TenantContext ctx, CustomerGroupId id) {
        return engine.read(ctx, tx -> {
            PriceStore.requireGroup(tx, ctx.tenant().value(), id);
            return PriceStore.members(tx, ctx.tenant().value(), id);
        });
    }

    /** The groups a customer belongs to. */
    public List<CustomerGroupId> groupsOf(TenantContext ctx, CustomerId customer) {
        return engine.read(ctx, tx -> PriceStore.groupsOf(tx, ctx.tenant().value(), customer));
    }
}
