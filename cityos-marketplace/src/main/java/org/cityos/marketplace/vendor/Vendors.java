package org.cityos.marketplace.vendor;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Ids;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.Values;
import org.cityos.core.tenancy.Validate;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.internal.Market;
import org.cityos.marketplace.internal.VendorRepository;

/**
 * A tenant's vendors: applications, verification, suspension, profile, members and payout
 * account. Every status move is audited and announced as {@code vendor.status_changed}; a move
 * the lifecycle does not allow is {@code invalid_transition}. A vendor id of another tenant is
 * {@code unknown_vendor}: tenants never see each other's vendors. Vendor-portal principals (role
 * {@code vendor}) may read and edit only vendors they are members of, and never move a status.
 */
public final class Vendors {
    private final Market market;

    /** For {@code Marketplace}; hosts get this service from {@code Marketplace.vendors()}. */
    public Vendors(Market market) {
        this.market = market;
    }

    /**
     * Records a vendor's application: a new {@code pending} vendor.
     *
     * @throws CityOsException {@code invalid_argument} for a bad handle or name, {@code conflict}
     *                         when the handle is taken in the tenant
     */
    public Vendor apply(TenantContext ctx, NewVendor v) {
        Validate.required("vendor", v);
        String handle = Validate.handle("vendor handle", v.handle());
        String name = Validate.name("vendor name", v.name());
        return market.write(ctx, "vendor.applied", "vendor", handle, tx -> {
            market.requireTenant(tx, ctx);
            Market.requireOperator(ctx, "register vendors");
            if (VendorRepository.handleTaken(tx, ctx, handle)) {
                throw CityOsException.conflict("vendor handle '" + handle + "' already exists in this tenant");
            }
            UUID id = market.newId();
            OffsetDateTime now = market.now();
            VendorRepository.insert(tx, ctx, id, handle, name, VendorStatus.PENDING, now);
            Vendor created = VendorRepository.find(tx, ctx, id).orElseThrow();
            market.applied(tx, ctx, "vendor.applied", "vendor", id, null, created);
            market.publish(tx, ctx, "vendor.status_changed", "vendor", id, statusPayload(created, null));
            return created;
        });
    }

    /** Verifies a pending vendor: it becomes {@code active}. */
    public Vendor approve(TenantContext ctx, VendorId id) {
        return move(ctx, id, VendorStatus.ACTIVE);
    }

    /** Turns a pending application down: the vendor becomes {@code rejected}, for good. */
    public Vendor reject(TenantContext ctx, VendorId id) {
        return move(ctx, id, VendorStatus.REJECTED);
    }

    /** Suspends an active vendor: it receives no new orders and is not paid out. */
    public Vendor suspend(TenantContext ctx, VendorId id) {
        return move(ctx, id, VendorStatus.SUSPENDED);
    }

    /** Reinstates a suspended vendor. */
    public Vendor reinstate(TenantContext ctx, VendorId id) {
        return move(ctx, id, VendorStatus.ACTIVE);
    }

    /**
     * Moves a vendor to {@code target} along the lifecycle (the move approve, reject, suspend or
     * reinstate would make).
     *
     * @throws CityOsException {@code unknown_vendor}, {@code forbidden} for vendor users,
     *                         {@code invalid_transition} naming both statuses
     */
    public Vendor changeStatus(TenantContext ctx, VendorId id, VendorStatus target) {
        return move(ctx, id, target);
    }

    private Vendor move(TenantContext ctx, VendorId id, VendorStatus target) {
        Validate.required("vendor id", id);
        Validate.required("vendor status", target);
        return market.write(ctx, "vendor.status_changed", "vendor", id, tx -> {
            market.requireTenant(tx, ctx);
            Vendor before = VendorRepository.lock(tx, ctx, id);
            Market.requireOperator(ctx, "change a vendor's status");
            if (!before.status().canMoveTo(target)) {
                throw new CityOsException(ErrorCode.INVALID_TRANSITION, "vendor " + Values.quote(before.handle())
                        + " cannot move from " + before.status().wire() + " to " + target.wire());
            }
            VendorRepository.update(tx, ctx, id.value(), before.name(), target, market.now());
            Vendor after = VendorRepository.require(tx, ctx, id);
            market.applied(tx, ctx, "vendor.status_changed", "vendor", id, before, after);
            market.publish(tx, ctx, "vendor.status_changed", "vendor", id, statusPayload(after, before.status()));
            return after;
        });
    }

    /** Renames a vendor (its profile name). */
    public Vendor rename(TenantContext ctx, VendorId id, String name) {
        Validate.required("vendor id", id);
        String clean = Validate.name("vendor name", name);
        return market.write(ctx, "vendor.updated", "vendor", id, tx -> {
            market.requireTenant(tx, ctx);
            Vendor before = VendorRepository.lock(tx, ctx, id);
            Market.requireVendorAccess(tx, ctx, id.value(), "edit the profile");
            VendorRepository.update(tx, ctx, id.value(), clean, before.status(), market.now());
            Vendor after = VendorRepository.require(tx, ctx, id);
            market.applied(tx, ctx, "vendor.updated", "vendor", id, before, after);
            return after;
        });
    }

    /** The vendor, if it exists in the context's tenant. */
    public Optional<Vendor> get(TenantContext ctx, VendorId id) {
        return market.read(ctx, tx -> VendorRepository.find(tx, ctx, id.value()));
    }

    /** The vendor, or {@code unknown_vendor} naming the id (also for another tenant's vendor). */
    public Vendor require(TenantContext ctx, VendorId id) {
        return get(ctx, id).orElseThrow(() -> VendorRepository.unknown(id.toString()));
    }

    /** The vendor with this handle in the context's tenant. */
    public Optional<Vendor> byHandle(TenantContext ctx, String handle) {
        return market.read(ctx, tx -> VendorRepository.findByHandle(tx, ctx, handle));
    }

    /**
     * The vendor a reference names, or {@code unknown_vendor} naming it.
     *
     * @throws CityOsException {@code invalid_argument} for {@link VendorRef#platform()}, which is no vendor
     */
    public Vendor require(TenantContext ctx, VendorRef ref) {
        Validate.required("vendor", ref);
        return market.read(ctx, tx -> VendorRepository.resolve(tx, ctx, ref)
                .orElseThrow(() -> CityOsException.invalid("vendor", "platform", "is not a vendor")));
    }

    /** The tenant's vendors in the order they applied, keyset-paginated. */
    public Page<Vendor> list(TenantContext ctx, PageRequest page) {
        return market.read(ctx, tx -> {
            UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
            List<Vendor> rows = VendorRepository.list(tx, ctx, after, page.limit() + 1);
            return Page.of(rows, page.limit(), x -> x.id().toString());
        });
    }

    /**
     * Adds a member (or changes an existing member's role).
     *
     * @param subject the subject of the member's {@code Principal}
     */
    public VendorMember putMember(TenantContext ctx, VendorId id, String subject, MemberRole role) {
        Validate.required("vendor id", id);
        Validate.required("member role", role);
        if (subject == null || subject.isBlank() || subject.length() > 200) {
            throw CityOsException.invalid("member subject", subject, "must be 1-200 characters");
        }
        return market.write(ctx, "vendor.member_set", "vendor", id, tx -> {
            market.requireTenant(tx, ctx);
            VendorRepository.lock(tx, ctx, id);
            Market.requireVendorAccess(tx, ctx, id.value(), "manage the members");
            VendorRepository.putMember(tx, ctx, id.value(), subject, role, market.now());
            VendorMember m = new VendorMember(id, subject, role);
            market.applied(tx, ctx, "vendor.member_set", "vendor", id, null, m);
            return m;
        });
    }

    /** Removes a member; {@code not_found} naming the subject when it is not a member. */
    public void removeMember(TenantContext ctx, VendorId id, String subject) {
        Validate.required("vendor id", id);
        market.write(ctx, "vendor.member_removed", "vendor", id, tx -> {
            market.requireTenant(tx, ctx);
            VendorRepository.lock(tx, ctx, id);
            Market.requireVendorAccess(tx, ctx, id.value(), "manage the members");
            if (VendorRepository.removeMember(tx, ctx, id.value(), subject) == 0) {
                throw CityOsException.notFound("vendor member", subject);
            }
            market.applied(tx, ctx, "vendor.member_removed", "vendor", id, Map.of("subject", subject), null);
            return null;
        });
    }

    /** The vendor's members, oldest first. */
    public List<VendorMember> members(TenantContext ctx, VendorId id) {
        return market.read(ctx, tx -> {
            VendorRepository.require(tx, ctx, id);
            Market.requireVendorAccess(tx, ctx, id.value(), "read the members");
            return VendorRepository.members(tx, ctx, id.value());
        });
    }

    /** Sets the vendor's one payout account, replacing any previous one. */
    public PayoutAccount setPayoutAccount(TenantContext ctx, PayoutAccount account) {
        Validate.required("payout account", account);
        VendorId id = account.vendor();
        return market.write(ctx, "vendor.payout_account_set", "vendor", id, tx -> {
            market.requireTenant(tx, ctx);
            VendorRepository.lock(tx, ctx, id);
            Market.requireVendorAccess(tx, ctx, id.value(), "set the payout account");
            Optional<PayoutAccount> before = VendorRepository.payoutAccount(tx, ctx, id.value());
            VendorRepository.putPayoutAccount(tx, ctx, account, market.now());
            market.applied(tx, ctx, "vendor.payout_account_set", "vendor", id,
                    before.map(Vendors::auditForm).orElse(null), auditForm(account));
            return account;
        });
    }

    /** The vendor's payout account, if it has one. */
    public Optional<PayoutAccount> payoutAccount(TenantContext ctx, VendorId id) {
        return market.read(ctx, tx -> {
            VendorRepository.require(tx, ctx, id);
            Market.requireVendorAccess(tx, ctx, id.value(), "read the payout account");
            return VendorRepository.payoutAccount(tx, ctx, id.value());
        });
    }

    /**
     * Moves the payout account that is {@code externalAccountId} at {@code provider} to
     * {@code status} (a provider's webhook, e.g. Stripe's {@code account.updated}); audited and
     * announced as {@code payout_account.status_changed} when the status or reason changed.
     * Empty when the tenant has no such account.
     *
     * @throws CityOsException {@code forbidden} for vendor users
     */
    public Optional<PayoutAccount> updatePayoutAccountStatus(TenantContext ctx, String provider, String externalAccountId,
                                                             PayoutAccountStatus status, Optional<String> reason) {
        Validate.required("payout account status", status);
        Validate.required("reason", reason);
        return market.write(ctx, "vendor.payout_account_status", "payout_account", externalAccountId, tx -> {
            market.requireTenant(tx, ctx);
            Market.requireOperator(ctx, "change payout account statuses");
            Optional<PayoutAccount> before = VendorRepository.payoutAccountByExternalId(tx, ctx, provider, externalAccountId);
            if (before.isEmpty()) {
                return Optional.<PayoutAccount>empty();
            }
            PayoutAccount b = before.get();
            PayoutAccount after = new PayoutAccount(b.vendor(), b.provider(), b.externalAccountId(), status,
                    reason.map(r -> r.length() > 200 ? r.substring(0, 200) : r));
            if (after.equals(b)) {
                return Optional.of(b);
            }
            VendorRepository.lock(tx, ctx, b.vendor());
            VendorRepository.putPayoutAccount(tx, ctx, after, market.now());
            market.applied(tx, ctx, "vendor.payout_account_status", "vendor", b.vendor(), auditForm(b), auditForm(after));
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("vendorId", b.vendor().toString());
            payload.put("provider", b.provider());
            payload.put("from", b.status().wire());
            payload.put("to", after.status().wire());
            payload.put("reason", after.statusReason().orElse(null));
            market.publish(tx, ctx, "payout_account.status_changed", "vendor", b.vendor(), payload);
            return Optional.of(after);
        });
    }

    /** Removes the vendor's payout account: it keeps accruing but is no longer paid. */
    public void removePayoutAccount(TenantContext ctx, VendorId id) {
        market.write(ctx, "vendor.payout_account_removed", "vendor", id, tx -> {
            market.requireTenant(tx, ctx);
            VendorRepository.lock(tx, ctx, id);
            Market.requireVendorAccess(tx, ctx, id.value(), "remove the payout account");
            Optional<PayoutAccount> before = VendorRepository.payoutAccount(tx, ctx, id.value());
            if (before.isEmpty()) {
                throw CityOsException.notFound("payout account of vendor", id);
            }
            VendorRepository.removePayoutAccount(tx, ctx, id.value());
            market.applied(tx, ctx, "vendor.payout_account_removed", "vendor", id, auditForm(before.get()), null);
            return null;
        });
    }

    private static Map<String, Object> auditForm(PayoutAccount a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", a.provider());
        m.put("account", a.maskedAccount());
        m.put("status", a.status().wire());
        a.statusReason().ifPresent(r -> m.put("statusReason", r));
        return m;
    }

    private static Map<String, Object> statusPayload(Vendor v, VendorStatus from) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vendorId", v.id().toString());
        m.put("handle", v.handle());
        m.put("from", from == null ? null : from.wire());
        m.put("to", v.status().wire());
        return m;
    }
}
