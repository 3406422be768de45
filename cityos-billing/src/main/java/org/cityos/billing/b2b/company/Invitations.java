package org.cityos.billing.b2b.company;

import static org.cityos.billing.internal.Rows.odt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.Actor;
import org.cityos.billing.b2b.CompanyId;
import org.cityos.billing.b2b.InvitationId;
import org.cityos.billing.b2b.internal.B2bEngine;
import org.cityos.billing.b2b.internal.CompanyStore;
import org.cityos.billing.internal.db.tables.records.B2bInvitationRecord;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Validate;

/**
 * Invitations of employees by a company's admins (or the merchant): an invitation names an e-mail
 * address, a role and a spending limit, and carries a secret token the host sends to the invitee;
 * the customer who presents it before it expires becomes the employee. Tokens are stored hashed.
 */
public final class Invitations {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "cinv_";
    private final B2bEngine engine;

    /** For {@code B2b}; hosts get this service from {@code B2b.invitations()}. */
    public Invitations(B2bEngine engine) {
        this.engine = engine;
    }

    /**
     * Invites someone to the company; the token in the answer is shown this once.
     *
     * @throws CityOsException {@code unknown_company}; {@code forbidden} unless {@code by} is the
     *                         merchant or an admin of the company
     */
    public IssuedInvitation invite(TenantContext ctx, CompanyId company, Actor by, NewInvitation n) {
        Validate.required("invitation", n);
        return engine.write(ctx, "company.invitation_sent", "company", company, tx -> {
            UUID t = ctx.tenant().value();
            CompanyStore.require(tx, t, company);
            engine.requireAdmin(tx, ctx, company, by, "invite employees to company " + company);
            Instant now = engine.now();
            byte[] secret = new byte[24];
            RANDOM.nextBytes(secret);
            String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            B2bInvitationRecord r = new B2bInvitationRecord();
            r.setTenantId(t);
            r.setId(engine.newId());
            r.setCompanyId(company.value());
            r.setEmail(n.email());
            r.setRole(n.role().code());
            r.setSpendingLimit(n.spendingLimit().isPresent() ? n.spendingLimit().getAsLong() : null);
            r.setTokenHash(hash(token));
            r.setStatus(InvitationStatus.PENDING.code());
            r.setInvitedBy(by.toString());
            r.setExpiresAt(odt(now.plus(engine.invitationTtl())));
            r.setCreatedAt(odt(now));
            CompanyStore.insertInvitation(tx, r);
            Invitation inv = CompanyStore.toInvitation(r, now);
            engine.publish(tx, ctx, "company.invitation_sent", "company", company, Map.of("company", company.toString(),
                    "invitation", inv.id().toString(), "email", inv.email(), "role", inv.role().code()));
            engine.audit(tx, ctx, "company.invitation_sent", "invitation", inv.id(), null, inv);
            return new IssuedInvitation(inv, token);
        });
    }

    /**
     * The customer presenting {@code token} joins the invitation's company with its role and limit.
     *
     * @throws CityOsException {@code unknown_invitation} for a token the tenant never issued;
     *                         {@code invalid_transition} when the invitation was accepted, revoked
     *                         or has expired; {@code conflict} when the customer works for a company already
     */
    public Employee accept(TenantContext ctx, String token, CustomerId customer) {
        Validate.required("customer", customer);
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            throw CityOsException.invalid("invitation token", token == null ? null : "<" + token.length() + " characters>",
                    "is not an invitation token");
        }
        return engine.writeAffectingPrices(ctx, "company.invitation_accepted", "invitation", "token", tx -> {
            UUID t = ctx.tenant().value();
            Instant now = engine.now();
            B2bInvitationRecord r = CompanyStore.invitationByHash(tx, t, hash(token)).orElseThrow(() ->
                    new CityOsException(ErrorCode.UNKNOWN_INVITATION, "no invitation has this token"));
            Invitation before = CompanyStore.toInvitation(r, now);
            if (before.status() != InvitationStatus.PENDING) {
                throw new CityOsException(ErrorCode.INVALID_TRANSITION, "invitation " + before.id() + " is "
                        + before.status().code() + " and cannot be accepted");
            }
            CompanyId company = before.company();
            CompanyStore.lock(tx, t, company);
            Companies.refuseOtherCompany(tx, t, customer, null);
            CompanyStore.insertEmployee(tx, t, company, customer, before.role(), before.spendingLimit(), now);
            r.setStatus(InvitationStatus.ACCEPTED.code());
            r.setAcceptedBy(customer.value());
            r.setClosedAt(odt(now));
            CompanyStore.updateInvitation(tx, r);
            Employee e = CompanyStore.toEmployee(CompanyStore.employee(tx, t, customer).orElseThrow());
            engine.publish(tx, ctx, "company.invitation_accepted", "company", company,
                    Map.of("company", company.toString(), "invitation", before.id().toString(),
                            "customer", customer.value()));
            engine.publish(tx, ctx, "company.employee_added", "company", company, Companies.employeePayload(e));
            engine.audit(tx, ctx, "company.invitation_accepted", "invitation", before.id(), before,
                    CompanyStore.toInvitation(r, now));
            return e;
        });
    }

    /**
     * Revokes a pending invitation; {@code unknown_invitation}, {@code forbidden} unless {@code by}
     * is the merchant or an admin of its company, {@code invalid_transition} unless it is pending.
     */
    public Invitation revoke(TenantContext ctx, InvitationId id, Actor by) {
        Validate.required("invitation", id);
        return engine.write(ctx, "company.invitation_revoked", "invitation", id, tx -> {
            UUID t = ctx.tenant().value();
            Instant now = engine.now();
            B2bInvitationRecord r = CompanyStore.invitation(tx, t, id, true).orElseThrow(() ->
                    new CityOsException(ErrorCode.UNKNOWN_INVITATION, "unknown invitation: '" + id + "'"));
            Invitation before = CompanyStore.toInvitation(r, now);
            engine.requireAdmin(tx, ctx, before.company(), by, "revoke invitations of company " + before.company());
            if (before.status() != InvitationStatus.PENDING) {
                throw new CityOsException(ErrorCode.INVALID_TRANSITION, "invitation " + id + " is "
                        + before.status().code() + " and cannot be revoked");
            }
            r.setStatus(InvitationStatus.REVOKED.code());
            r.setClosedAt(odt(now));
            CompanyStore.updateInvitation(tx, r);
            Invitation after = CompanyStore.toInvitation(r, now);
            engine.publish(tx, ctx, "company.invitation_revoked", "company", before.company(),
                    Map.of("company", before.company().toString(), "invitation", id.toString()));
            engine.audit(tx, ctx, "company.invitation_revoked", "invitation", id, before, after);
            return after;
        });
    }

    /** The company's invitations, oldest first; {@code unknown_company} when there is no such company. */
    public List<Invitation> list(TenantContext ctx, CompanyId company) {
        return engine.read(ctx, tx -> {
            CompanyStore.require(tx, ctx.tenant().value(), company);
            return CompanyStore.invitations(tx, ctx.tenant().value(), company, engine.now());
        });
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
