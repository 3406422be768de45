package org.cityos.billing.b2b.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cityos.billing.b2b.quote.QuoteEntry;
import org.cityos.billing.b2b.quote.QuoteSide;
import org.cityos.billing.b2b.quote.QuoteStatus;
import org.cityos.billing.internal.db.tables.records.B2bQuoteRecord;
import org.cityos.core.TenantContext;
import org.jooq.DSLContext;

/** Moves a locked quote along its lifecycle with its history entry, event and audit row (internal). */
public final class QuoteMoves {
    private QuoteMoves() {
    }

    /** The event a move to {@code to} publishes. */
    public static String event(QuoteStatus to) {
        return switch (to) {
            case REQUESTED -> "quote.changes_requested";
            case QUOTED -> "quote.quoted";
            case ACCEPTED -> "quote.accepted";
            case CONVERTED -> "quote.converted";
            case REJECTED -> "quote.rejected";
            case EXPIRED -> "quote.expired";
        };
    }

    /**
     * Moves {@code q} to {@code to} ({@code invalid_transition} when the lifecycle forbids it) and
     * writes it, its history entry (side, author, message, proposed prices, validity), the event and
     * the audit row, in the caller's transaction.
     */
    public static void move(B2bEngine engine, DSLContext tx, TenantContext ctx, B2bQuoteRecord q, QuoteStatus to,
                            QuoteSide side, String author, String message, Map<String, Long> prices,
                            Instant validUntil, Instant now, Map<String, Object> extra) {
        QuoteStatus from = QuoteStatus.of(q.getStatus());
        from.checkMoveTo(to, q.getId());
        q.setStatus(to.code());
        QuoteStore.update(tx, q, now);
        QuoteStore.append(tx, q.getTenantId(), q.getId(), QuoteEntry.Kind.MOVE, from, to, side, author, message, prices,
                validUntil, now);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("quote", q.getId().toString());
        payload.put("company", q.getCompanyId().toString());
        payload.put("from", from.code());
        payload.put("to", to.code());
        payload.put("side", side.code());
        payload.putAll(extra);
        String event = event(to);
        engine.publish(tx, ctx, event, "quote", q.getId(), payload);
        engine.audit(tx, ctx, event, "quote", q.getId(), Map.of("status", from.code()), Map.of("status", to.code()));
    }
}
