package org.cityos.marketplace.internal;

import static org.cityos.marketplace.internal.db.Tables.MKT_PAYOUT_ACCOUNT;
import static org.cityos.marketplace.internal.db.Tables.MKT_VENDOR;
import static org.cityos.marketplace.internal.db.Tables.MKT_VENDOR_MEMBER;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.TenantContext;
import org.cityos.core.Values;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.internal.db.tables.records.MktVendorRecord;
import org.cityos.marketplace.vendor.MemberRole;
import org.cityos.marketplace.vendor.PayoutAccount;
import org.cityos.marketplace.vendor.PayoutAccountStatus;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.marketplace.vendor.VendorMember;
import org.cityos.marketplace.vendor.VendorStatus;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The SQL of the vendor aggregate: vendors, their members and their payout account (internal). */
public final class VendorRepository {
    private VendorRepository() {
    }

    public static Optional<Vendor> find(DSLContext tx, TenantContext ctx, UUID id) {
        return tx.selectFrom(MKT_VENDOR).where(MKT_VENDOR.TENANT_ID.eq(ctx.tenant().value()), MKT_VENDOR.ID.eq(id))
                .fetchOptional(VendorRepository::map);
    }

    public static Optional<Vendor> findByHandle(DSLContext tx, TenantContext ctx, String handle) {
        return tx.selectFrom(MKT_VENDOR)
                .where(MKT_VENDOR.TENANT_ID.eq(ctx.tenant().value()), MKT_VENDOR.HANDLE.eq(handle))
                .fetchOptional(VendorRepository::map);
    }

    /** The vendor, locked for update, or {@code unknown_vendor} naming the id. */
    public static Vendor lock(DSLContext tx, TenantContext ctx, VendorId id) {
        return tx.selectFrom(MKT_VENDOR)
                .where(MKT_VENDOR.TENANT_ID.eq(ctx.tenant().value()), MKT_VENDOR.ID.eq(id.value()))
                .forUpdate().fetchOptional(VendorRepository::map)
                .orElseThrow(() -> unknown(id.toString()));
    }

    public static Vendor require(DSLContext tx, TenantContext ctx, VendorId id) {
        return find(tx, ctx, id.value()).orElseThrow(() -> unknown(id.toString()));
    }

    /**
     * The vendor a reference names; empty for the platform; {@code unknown_vendor} naming the
     * reference when no such vendor exists in the tenant.
     */
    public static Optional<Vendor> resolve(DSLContext tx, TenantContext ctx, VendorRef ref) {
        if (ref instanceof VendorRef.ById byId) {
            return Optional.of(require(tx, ctx, byId.id()));
        }
        if (ref instanceof VendorRef.ByHandle byHandle) {
            return Optional.of(findByHandle(tx, ctx, byHandle.handle())
                    .orElseThrow(() -> unknown(byHandle.handle())));
        }
        return Optional.empty();
    }

    /** The vendors with the given ids, by id (one query). */
    public static Map<UUID, Vendor> findAll(DSLContext tx, TenantContext ctx, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return tx.selectFrom(MKT_VENDOR).where(MKT_VENDOR.TENANT_ID.eq(ctx.tenant().value()), MKT_VENDOR.ID.in(ids))
                .fetch(VendorRepository::map).stream()
                .collect(Collectors.toMap(v -> v.id().value(), Function.identity()));
    }

    public static List<Vendor> list(DSLContext tx, TenantContext ctx, UUID after, int limit) {
        return tx.selectFrom(MKT_VENDOR).where(MKT_VENDOR.TENANT_ID.eq(ctx.tenant().value()))
                .and(after == null ? DSL.noCondition() : MKT_VENDOR.ID.gt(after))
                .orderBy(MKT_VENDOR.ID).limit(limit).fetch(VendorRepository::map);
    }

    public static boolean handleTaken(DSLContext tx, TenantContext ctx, String handle) {
        return tx.fetchExists(MKT_VENDOR, MKT_VENDOR.TENANT_ID.eq(ctx.tenant().value()), MKT_VENDOR.HANDLE.eq(handle));
    }

    public static void insert(DSLContext tx, TenantContext ctx, UUID id, String handle, String name,
                              VendorStatus status, OffsetDateTime now) {
        tx.insertInto(MKT_VENDOR)
                .set(MKT_VENDOR.TENANT_ID, ctx.tenant().value()).set(MKT_VENDOR.ID, id)
                .set(MKT_VENDOR.HANDLE, handle).set(MKT_VENDOR.NAME, name).set(MKT_VENDOR.STATUS, status.name())
                .set(MKT_VENDOR.CREATED_AT, now).set(MKT_VENDOR.UPDATED_AT, now).execute();
    }

    public static void update(DSLContext tx, TenantContext ctx, UUID id, String name, VendorStatus status,
                              OffsetDateTime now) {
        tx.update(MKT_VENDOR).set(MKT_VENDOR.NAME, name).set(MKT_VENDOR.STATUS, status.name())
                .set(MKT_VENDOR.UPDATED_AT, now)
                .where(MKT_VENDOR.TENANT_ID.eq(ctx.tenant().value()), MKT_VENDOR.ID.eq(id)).execute();
    }

    public static List<VendorMember> members(DSLContext tx, TenantContext ctx, UUID vendor) {
        return tx.selectFrom(MKT_VENDOR_MEMBER)
                .where(MKT_VENDOR_MEMBER.TENANT_ID.eq(ctx.tenant().value()), MKT_VENDOR_MEMBER.VENDOR_ID.eq(vendor))
                .orderBy(MKT_VENDOR_MEMBER.CREATED_AT, MKT_VENDOR_MEMBER.SUBJECT)
                .fetch(r -> new VendorMember(new VendorId(r.getVendorId()), r.getSubject(),
                        MemberRole.valueOf(r.getRole())));
    }

    /** The role of {@code subject} in the vendor, if it is a member. */
    public static Optional<MemberRole> memberRole(DSLContext tx, TenantContext ctx, UUID vendor, String subject) {
        return tx.select(MKT_VENDOR_MEMBER.ROLE).from(MKT_VENDOR_MEMBER)
                .where(MKT_VENDOR_MEMBER.TENANT_ID.eq(ctx.tenant().value()), MKT_VENDOR_MEMBER.VENDOR_ID.eq(vendor),
                        MKT_VENDOR_MEMBER.SUBJECT.eq(subject))
                .fetchOptional(MKT_VENDOR_MEMBER.ROLE).map(MemberRole::valueOf);
    }

    public static void putMember(DSLContext tx, TenantContext ctx, UUID vendor, String subject, MemberRole role,
                                 OffsetDateTime now) {
        int updated = tx.update(MKT_VENDOR_MEMBER).set(MKT_VENDOR_MEMBER.ROLE, role.name())
                .set(MKT_VENDOR_MEMBER.UPDATED_AT, now)
                .where(MKT_VENDOR_MEMBER.TENANT_ID.eq(ctx.tenant().value()), MKT_VENDOR_MEMBER.VENDOR_ID.eq(vendor),
                        MKT_VENDOR_MEMBER.SUBJECT.eq(subject)).execute();
        if (updated == 0) {
            tx.insertInto(MKT_VENDOR_MEMBER).set(MKT_VENDOR_MEMBER.TENANT_ID, ctx.tenant().value())
                    .set(MKT_VENDOR_MEMBER.VENDOR_ID, vendor).set(MKT_VENDOR_MEMBER.SUBJECT, subject)
                    .set(MKT_VENDOR_MEMBER.ROLE, role.name()).set(MKT_VENDOR_MEMBER.CREATED_AT, now)
                    .set(MKT_VENDOR_MEMBER.UPDATED_AT, now).execute();
        }
    }

    public static int removeMember(DSLContext tx, TenantContext ctx, UUID vendor, String subject) {
        return tx.deleteFrom(MKT_VENDOR_MEMBER)
                .where(MKT_VENDOR_MEMBER.TENANT_ID.eq(ctx.tenant().value()), MKT_VENDOR_MEMBER.VENDOR_ID.eq(vendor),
                        MKT_VENDOR_MEMBER.SUBJECT.eq(subject)).execute();
    }

    public static Optional<PayoutAccount> payoutAccount(DSLContext tx, TenantContext ctx, UUID vendor) {
        return tx.selectFrom(MKT_PAYOUT_ACCOUNT)
                .where(MKT_PAYOUT_ACCOUNT.TENANT_ID.eq(ctx.tenant().value()), MKT_PAYOUT_ACCOUNT.VENDOR_ID.eq(vendor))
                .fetchOptional(VendorRepository::mapAccount);
    }

    public static void putPayoutAccount(DSLContext tx, TenantContext ctx, PayoutAccount a, OffsetDateTime now) {
        int updated = tx.update(MKT_PAYOUT_ACCOUNT).set(MKT_PAYOUT_ACCOUNT.PROVIDER, a.provider())
                .set(MKT_PAYOUT_ACCOUNT.EXTERNAL_ACCOUNT_ID, a.externalAccountId())
                .set(MKT_PAYOUT_ACCOUNT.STATUS, a.status().name())
                .set(MKT_PAYOUT_ACCOUNT.STATUS_REASON, a.statusReason().orElse(null)).set(MKT_PAYOUT_ACCOUNT.UPDATED_AT, now)
                .where(MKT_PAYOUT_ACCOUNT.TENANT_ID.eq(ctx.tenant().value()),
                        MKT_PAYOUT_ACCOUNT.VENDOR_ID.eq(a.vendor().value())).execute();
        if (updated == 0) {
            tx.insertInto(MKT_PAYOUT_ACCOUNT).set(MKT_PAYOUT_ACCOUNT.TENANT_ID, ctx.tenant().value())
                    .set(MKT_PAYOUT_ACCOUNT.VENDOR_ID, a.vendor().value()).set(MKT_PAYOUT_ACCOUNT.PROVIDER, a.provider())
                    .set(MKT_PAYOUT_ACCOUNT.EXTERNAL_ACCOUNT_ID, a.externalAccountId())
                    .set(MKT_PAYOUT_ACCOUNT.STATUS, a.status().name())
                    .set(MKT_PAYOUT_ACCOUNT.STATUS_REASON, a.statusReason().orElse(null))
                    .set(MKT_PAYOUT_ACCOUNT.CREATED_AT, now).set(MKT_PAYOUT_ACCOUNT.UPDATED_AT, now).execute();
        }
    }

    /** The vendor whose account at {@code provider} is {@code externalAccountId}, if any. */
    public static Optional<PayoutAccount> payoutAccountByExternalId(DSLContext tx, TenantContext ctx, String provider,
                                                                    String externalAccountId) {
        return tx.selectFrom(MKT_PAYOUT_ACCOUNT)
                .where(MKT_PAYOUT_ACCOUNT.TENANT_ID.eq(ctx.tenant().value()), MKT_PAYOUT_ACCOUNT.PROVIDER.eq(provider),
                        MKT_PAYOUT_ACCOUNT.EXTERNAL_ACCOUNT_ID.eq(externalAccountId))
                .fetchOptional(VendorRepository::mapAccount);
    }

    static PayoutAccount mapAccount(org.cityos.marketplace.internal.db.tables.records.MktPayoutAccountRecord r) {
        return new PayoutAccount(new VendorId(r.getVendorId()), r.getProvider(), r.getExternalAccountId(),
                PayoutAccountStatus.valueOf(r.getStatus()), Optional.ofNullable(r.getStatusReason()));
    }

    public static int removePayoutAccount(DSLContext tx, TenantContext ctx, UUID vendor) {
        return tx.deleteFrom(MKT_PAYOUT_ACCOUNT)
                .where(MKT_PAYOUT_ACCOUNT.TENANT_ID.eq(ctx.tenant().value()), MKT_PAYOUT_ACCOUNT.VENDOR_ID.eq(vendor))
                .execute();
    }

    public static CityOsException unknown(String vendor) {
        return new CityOsException(ErrorCode.UNKNOWN_VENDOR, "unknown vendor: " + Values.quote(vendor));
    }

    static Vendor map(MktVendorRecord r) {
        return new Vendor(new VendorId(r.getId()), r.getHandle(), r.getName(), VendorStatus.valueOf(r.getStatus()),
                r.getCreatedAt(), r.getUpdatedAt());
    }
}
