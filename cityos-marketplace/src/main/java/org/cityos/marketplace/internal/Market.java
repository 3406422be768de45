package org.cityos.marketplace.internal;

import static org.cityos.core.internal.db.Tables.TENANT;
import static org.cityos.marketplace.internal.db.Tables.MKT_VENDOR_MEMBER;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Ids;
import org.cityos.core.Json;
import org.cityos.core.TenantContext;
import org.cityos.core.audit.AuditLog;
import org.cityos.core.event.Events;
import org.cityos.core.event.NewEvent;
import org.cityos.core.internal.Db;
import org.cityos.marketplace.payout.PayoutProvider;
import org.jooq.DSLContext;
import org.jooq.Record2;

/**
 * What the marketplace services share (internal): the database, audit log, outbox, clock and
 * payout provider, and the helpers every service uses: audited units of work, the tenant's
 * settings, and the vendor-portal access rule.
 */
public final class Market {
    /** The role of vendor-portal principals: they act only for vendors they are members of. */
    public static final String VENDOR_ROLE = "vendor";

    private final Db db;
    private final AuditLog audit;
    private final Events events;
    private final PayoutProvider payoutProvider;
    private final org.cityos.core.ops.MetricsRecorder recorder;
    private final int payoutBatch;

    public Market(CityOs cityOs, PayoutProvider payoutProvider, int payoutBatch) {
        this.db = cityOs.db();
        this.audit = cityOs.audit();
        this.events = cityOs.events();
        this.payoutProvider = payoutProvider;
        this.recorder = cityOs.operations().recorder();
        this.payoutBatch = payoutBatch;
    }

    /**
     * Counts a payout that became paid or failed in the change just made, once that change is
     * committed (at once outside {@code CityOs.transaction}, after its commit inside one).
     */
    public void countSettled(org.cityos.marketplace.payout.PayoutStatus status) {
        db.afterCommit(() -> recorder.increment(org.cityos.marketplace.MarketplaceMetrics.PAYOUTS_SETTLED,
                Map.of("status", status.wire())));
    }

    public PayoutProvider payoutProvider() {
        return payoutProvider;
    }

    /** How many payouts are handed to the provider between two commits (see {@code Marketplace.Builder.payoutBatch}). */
    public int payoutBatch() {
        return payoutBatch;
    }

    public Clock clock() {
        return db.clock();
    }

    public OffsetDateTime now() {
        return OffsetDateTime.ofInstant(db.clock().instant(), ZoneOffset.UTC);
    }

    public Instant instant() {
        return db.clock().instant();
    }

    public UUID newId() {
        return Ids.next(db.clock());
    }

    /** A read in a tenant-scoped transaction. */
    public <T> T read(TenantContext ctx, Function<DSLContext, T> work) {
        return db.tenant(ctx, work);
    }

    /**
     * A change in one tenant-scoped transaction; a refusal rolls it back and is recorded in the
     * audit log (in a transaction of its own) before it is rethrown.
     */
    public <T> T write(TenantContext ctx, String action, String entityType, Object entityId,
                       Function<DSLContext, T> work) {
        try {
            return db.tenant(ctx, work);
        } catch (CityOsException e) {
            if (e.code() != ErrorCode.UNKNOWN_TENANT) {
                audit.refused(ctx, action, entityType, entityId, e);
            }
            throw e;
        }
    }

    public void applied(DSLContext tx, TenantContext ctx, String action, String entityType, Object entityId,
                        Object before, Object after) {
        audit.applied(tx, ctx, action, entityType, entityId, before, after);
    }

    /** Audit rows of several applied changes, in multi-row inserts. */
    public void appliedAll(DSLContext tx, TenantContext ctx, List<AuditLog.Change> changes) {
        audit.appliedAll(tx, ctx, changes);
    }

    public void publish(DSLContext tx, TenantContext ctx, String type, String aggregateType, Object aggregateId,
                        Object payload) {
        events.publish(tx, ctx, type, aggregateType, String.valueOf(aggregateId), payload);
    }

    /** Several events in one insert, in list order; the caller keeps each call to a bounded number of events. */
    public void publishAll(DSLContext tx, TenantContext ctx, List<NewEvent> events) {
        this.events.publishAll(tx, ctx, events);
    }

    /**
     * The tenant's marketplace settings; {@code unknown_tenant} when the context's tenant does not
     * exist, {@code forbidden} when it is not active.
     */
    public MarketSettings settings(DSLContext tx, TenantContext ctx) {
        Record2<String, String> r = tx.select(TENANT.SETTINGS, TENANT.DEFAULT_CURRENCY).from(TENANT)
                .where(TENANT.ID.eq(ctx.tenant().value())).fetchOne();
        if (r == null) {
            throw new CityOsException(ErrorCode.UNKNOWN_TENANT, "unknown tenant: '" + ctx.tenant() + "'");
        }
        Map<String, String> settings;
        try {
            settings = Json.MAPPER.readValue(r.value1(), new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tenant " + ctx.tenant() + " has unreadable settings", e);
        }
        return MarketSettings.of(settings, r.value2());
    }

    /** The tenant's time zone (figures by day, week or month and payout schedules use it). */
    public java.time.ZoneId zone(DSLContext tx, TenantContext ctx) {
        String zone = tx.select(TENANT.TIME_ZONE).from(TENANT).where(TENANT.ID.eq(ctx.tenant().value())).fetchOne(TENANT.TIME_ZONE);
        if (zone == null) {
            throw new CityOsException(ErrorCode.UNKNOWN_TENANT, "unknown tenant: '" + ctx.tenant() + "'");
        }
        return java.time.ZoneId.of(zone);
    }

    /** A tenant as the payout scheduler sees it: id, status, settings and time zone. */
    public record TenantRow(org.cityos.core.TenantId id, String status, Map<String, String> settings, String currency,
                            java.time.ZoneId zone) {
    }

    /** Every tenant, for platform-wide work such as scheduled payouts (no tenant bound). */
    public java.util.List<TenantRow> tenants() {
        return db.platform(tx -> tx.select(TENANT.ID, TENANT.STATUS, TENANT.SETTINGS, TENANT.DEFAULT_CURRENCY,
                        TENANT.TIME_ZONE).from(TENANT).orderBy(TENANT.ID)
                .fetch(r -> new TenantRow(new org.cityos.core.TenantId(r.value1()), r.value2(), parse(r.value3(), r.value1()),
                        r.value4(), java.time.ZoneId.of(r.value5()))));
    }

    private static Map<String, String> parse(String json, UUID tenant) {
        try {
            return Json.MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tenant " + tenant + " has unreadable settings", e);
        }
    }

    /** Whether a database error is a unique-key violation (SQL state 23505 on H2 and PostgreSQL). */
    public static boolean isUniqueViolation(Throwable e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof java.sql.SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
            t = t.getCause();
        }
        return false;
    }

    /** Checks the tenant exists (and is readable) without parsing its settings. */
    public void requireTenant(DSLContext tx, TenantContext ctx) {
        if (!tx.fetchExists(TENANT, TENANT.ID.eq(ctx.tenant().value()))) {
            throw new CityOsException(ErrorCode.UNKNOWN_TENANT, "unknown tenant: '" + ctx.tenant() + "'");
        }
    }

    /** Whether the acting principal is a vendor-portal user (restricted to its own vendors). */
    public static boolean isVendorUser(TenantContext ctx) {
        return ctx.principal().hasRole(VENDOR_ROLE);
    }

    /** Refuses vendor-portal users: the operation belongs to the marketplace operator. */
    public static void requireOperator(TenantContext ctx, String what) {
        if (isVendorUser(ctx)) {
            throw new CityOsException(ErrorCode.FORBIDDEN, ctx.principal().actor() + " may not " + what
                    + ": vendor users act only on their own vendor's orders and profile");
        }
    }

    /**
     * Refuses a vendor-portal user who is not a member of {@code vendor} ({@code null}: the
     * platform, which no vendor user may act for).
     */
    public static void requireVendorAccess(DSLContext tx, TenantContext ctx, UUID vendor, String what) {
        if (!isVendorUser(ctx)) {
            return;
        }
        boolean member = vendor != null && tx.fetchExists(MKT_VENDOR_MEMBER,
                MKT_VENDOR_MEMBER.TENANT_ID.eq(ctx.tenant().value()), MKT_VENDOR_MEMBER.VENDOR_ID.eq(vendor),
                MKT_VENDOR_MEMBER.SUBJECT.eq(ctx.principal().subject()));
        if (!member) {
            throw new CityOsException(ErrorCode.FORBIDDEN, ctx.principal().actor() + " may not " + what
                    + " of vendor " + (vendor == null ? "platform" : vendor) + ": not a member of it");
        }
    }
}
