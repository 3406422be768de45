package org.cityos.marketplace.payout;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.TenantContext;
import org.cityos.core.Values;
import org.cityos.core.tenancy.Validate;
import org.cityos.marketplace.PayoutId;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.internal.Market;
import org.cityos.marketplace.internal.MarketSettings;
import org.cityos.marketplace.internal.PayoutRepository;
import org.cityos.marketplace.internal.VendorRepository;
import org.cityos.marketplace.internal.db.tables.records.MktPayoutRecord;
import org.cityos.marketplace.vendor.VendorStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vendor balances and payouts. Balances are computed in the database at the clock's now. A
 * payout run pays every active vendor with an enabled payout account whose available balance is
 * at least {@code max(min_payout, 1)} exactly that balance: it first commits each payout as
 * {@code pending} ({@code payout.created}), then asks the {@link PayoutProvider} under the
 * payout's idempotency key and records {@code paid} or {@code failed} ({@code payout.paid},
 * {@code payout.failed}). Running again, after a crash or as a retry, never pays twice.
 */
public final class Payouts {
    private static final Logger LOG = LoggerFactory.getLogger(Payouts.class);
    private final Market market;

    /** For {@code Marketplace}; hosts get this service from {@code Marketplace.payouts()}. */
    public Payouts(Market market) {
        this.market = market;
    }

    /** Every vendor's balances now, in application order (a vendor user sees only its own vendors). */
    public List<VendorBalance> balances(TenantContext ctx) {
        return market.read(ctx, tx -> {
            market.requireTenant(tx, ctx);
            List<VendorBalance> out = new ArrayList<>();
            for (PayoutRepository.Row r : PayoutRepository.balances(tx, ctx, market.now(), null)) {
                if (!Market.isVendorUser(ctx) || isMember(tx, ctx, r.balance().vendor())) {
                    out.add(r.balance());
                }
            }
            return out;
        });
    }

    /** One vendor's balances now; {@code unknown_vendor}, or {@code forbidden} for another vendor's user. */
    public VendorBalance balance(TenantContext ctx, VendorId vendor) {
        Validate.required("vendor id", vendor);
        return market.read(ctx, tx -> {
            VendorRepository.require(tx, ctx, vendor);
            Market.requireVendorAccess(tx, ctx, vendor.value(), "read the balance");
            return PayoutRepository.balances(tx, ctx, market.now(), vendor.value()).get(0).balance();
        });
    }

    /**
     * Runs payouts at the clock's now (see the class description) and returns what it did.
     *
     * @throws CityOsException {@code unknown_tenant}, {@code forbidden} for vendor users
     */
    public PayoutRun run(TenantContext ctx) {
        OffsetDateTime runAt = market.now();
        List<Payout> created = market.write(ctx, "payouts.run", "payout_run", runAt, tx -> {
            MarketSettings settings = market.settings(tx, ctx);
            Market.requireOperator(ctx, "run payouts");
            PayoutRepository.lockVendors(tx, ctx);
            long threshold = Math.max(settings.minPayout(), 1);
            List<Payout> out = new ArrayList<>();
            for (PayoutRepository.Row r : PayoutRepository.balances(tx, ctx, runAt, null)) {
                VendorBalance b = r.balance();
                if (b.status() != VendorStatus.ACTIVE || !r.payoutsEnabled() || b.available() < threshold
                        || PayoutRepository.paidAt(tx, ctx, b.vendor().value(), runAt)) {
                    continue;
                }
                UUID id = market.newId();
                String key = "cityos-payout-" + id;
                PayoutRepository.insert(tx, ctx, id, b.vendor().value(), b.available(), settings.currency(), runAt,
                        key, r.provider().orElseThrow(), r.externalAccountId().orElseThrow(), market.now());
                Payout p = PayoutRepository.find(tx, ctx, id).orElseThrow();
                market.applied(tx, ctx, "payout.created", "payout", id, null, p);
                market.publish(tx, ctx, "payout.created", "payout", id, payload(p));
                out.add(p);
            }
            return out;
        });
        // the provider is called outside any transaction, for every payout still pending
        List<MktPayoutRecord> pending = market.read(ctx, tx -> PayoutRepository.pending(tx, ctx));
        List<Payout> settled = new ArrayList<>();
        for (MktPayoutRecord p : pending) {
            settled.add(ask(ctx, p));
        }
        return new PayoutRun(runAt, created, settled);
    }

    private Payout ask(TenantContext ctx, MktPayoutRecord p) {
        PayoutInstruction instruction = new PayoutInstruction(ctx.tenant(), new PayoutId(p.getId()),
                new VendorId(p.getVendorId()), p.getProvider(), p.getExternalAccountId(), p.getAmount(),
                p.getCurrency(), p.getIdempotencyKey());
        PayoutResult result;
        try {
            result = market.payoutProvider().pay(instruction);
        } catch (RuntimeException e) {
            LOG.warn("payout {} of tenant {}: the provider failed ({}); it stays pending and is asked again next run",
                    p.getId(), ctx.tenant(), Values.neutralise(String.valueOf(e.getMessage())));
            return market.read(ctx, tx -> PayoutRepository.find(tx, ctx, p.getId()).orElseThrow());
        }
        if (result == null) {
            result = PayoutResult.pending(null);
        }
        return record(ctx, p.getId(), result);
    }

    /**
     * Records a provider's outcome for a pending payout (a manual payout done, a provider's
     * webhook); {@code invalid_transition} when it is no longer pending, {@code not_found} for an
     * unknown payout.
     */
    public Payout settle(TenantContext ctx, PayoutId id, PayoutResult result) {
        Validate.required("payout id", id);
        Validate.required("result", result);
        if (result.status() == PayoutStatus.PENDING) {
            throw CityOsException.invalid("payout result", "pending", "settles nothing: give paid or failed");
        }
        return market.write(ctx, "payout.settled", "payout", id, tx -> {
            market.requireTenant(tx, ctx);
            Market.requireOperator(ctx, "settle payouts");
            MktPayoutRecord p = PayoutRepository.lock(tx, ctx, id.value())
                    .orElseThrow(() -> CityOsException.notFound("payout", id));
            if (!PayoutStatus.PENDING.name().equals(p.getStatus())) {
                throw new CityOsException(ErrorCode.INVALID_TRANSITION, "payout " + id + " is "
                        + p.getStatus().toLowerCase() + " and cannot become " + result.status().wire());
            }
            return apply(tx, ctx, id.value(), result);
        });
    }

    private Payout record(TenantContext ctx, UUID id, PayoutResult result) {
        return market.write(ctx, "payout.settled", "payout", id, tx -> apply(tx, ctx, id, result));
    }

    private Payout apply(org.jooq.DSLContext tx, TenantContext ctx, UUID id, PayoutResult result) {
        OffsetDateTime now = market.now();
        if (result.status() == PayoutStatus.PENDING) {
            result.reference().ifPresent(ref -> PayoutRepository.recordReference(tx, ctx, id, ref, now));
            return PayoutRepository.find(tx, ctx, id).orElseThrow();
        }
        boolean changed = PayoutRepository.settle(tx, ctx, id, result.status(), result.reference().orElse(null),
                result.failureReason().map(Values::neutralise).orElse(null), now);
        Payout after = PayoutRepository.find(tx, ctx, id).orElseThrow();
        if (changed) {
            market.applied(tx, ctx, "payout." + result.status().wire(), "payout", id,
                    Map.of("status", "pending"), Map.of("status", after.status().wire()));
            market.publish(tx, ctx, "payout." + result.status().wire(), "payout", id, payload(after));
        }
        return after;
    }

    /** The tenant's payouts by run time, then vendor application order (a vendor user sees only its own). */
    public List<Payout> list(TenantContext ctx) {
        return market.read(ctx, tx -> {
            List<Payout> all = PayoutRepository.list(tx, ctx, null);
            if (!Market.isVendorUser(ctx)) {
                return all;
            }
            List<Payout> mine = new ArrayList<>();
            for (Payout p : all) {
                if (isMember(tx, ctx, p.vendor())) {
                    mine.add(p);
                }
            }
            return mine;
        });
    }

    /** One vendor's payouts by run time; {@code unknown_vendor} or {@code forbidden}. */
    public List<Payout> ofVendor(TenantContext ctx, VendorId vendor) {
        return market.read(ctx, tx -> {
            VendorRepository.require(tx, ctx, vendor);
            Market.requireVendorAccess(tx, ctx, vendor.value(), "read the payouts");
            return PayoutRepository.list(tx, ctx, vendor.value());
        });
    }

    /** The payout, if the tenant has it. */
    public Optional<Payout> get(TenantContext ctx, PayoutId id) {
        return market.read(ctx, tx -> PayoutRepository.find(tx, ctx, id.value()));
    }

    private static boolean isMember(org.jooq.DSLContext tx, TenantContext ctx, VendorId vendor) {
        try {
            Market.requireVendorAccess(tx, ctx, vendor.value(), "read");
            return true;
        } catch (CityOsException e) {
            return false;
        }
    }

    private static Map<String, Object> payload(Payout p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("payoutId", p.id().toString());
        m.put("vendorId", p.vendor().toString());
        m.put("amount", p.amount());
        m.put("currency", p.currency());
        m.put("status", p.status().wire());
        m.put("runAt", p.runAt().toInstant().toString());
        m.put("idempotencyKey", p.idempotencyKey());
        return m;
    }
}
