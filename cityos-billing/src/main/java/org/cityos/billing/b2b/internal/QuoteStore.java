package org.cityos.billing.b2b.internal;

import static org.cityos.billing.internal.Rows.inst;
import static org.cityos.billing.internal.Rows.odt;
import static org.cityos.billing.internal.Rows.opt;
import static org.cityos.billing.internal.db.Tables.B2B_QUOTE;
import static org.cityos.billing.internal.db.Tables.B2B_QUOTE_HISTORY;
import static org.cityos.billing.internal.db.Tables.B2B_QUOTE_LINE;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.ApprovalId;
import org.cityos.billing.b2b.CompanyId;
import org.cityos.billing.b2b.QuoteId;
import org.cityos.billing.b2b.quote.Quote;
import org.cityos.billing.b2b.quote.QuoteEntry;
import org.cityos.billing.b2b.quote.QuoteLine;
import org.cityos.billing.b2b.quote.QuoteSide;
import org.cityos.billing.b2b.quote.QuoteStatus;
import org.cityos.billing.internal.db.tables.records.B2bQuoteHistoryRecord;
import org.cityos.billing.internal.db.tables.records.B2bQuoteLineRecord;
import org.cityos.billing.internal.db.tables.records.B2bQuoteRecord;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Json;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The SQL of quotes, their lines and history (internal). */
public final class QuoteStore {
    private QuoteStore() {
    }

    public static CityOsException unknown(QuoteId id) {
        return new CityOsException(ErrorCode.UNKNOWN_QUOTE, "unknown quote: '" + id + "'");
    }

    public static Optional<B2bQuoteRecord> find(DSLContext tx, UUID tenant, QuoteId id) {
        return tx.selectFrom(B2B_QUOTE).where(B2B_QUOTE.TENANT_ID.eq(tenant)).and(B2B_QUOTE.ID.eq(id.value()))
                .fetchOptional();
    }

    public static B2bQuoteRecord lock(DSLContext tx, UUID tenant, QuoteId id) {
        return tx.selectFrom(B2B_QUOTE).where(B2B_QUOTE.TENANT_ID.eq(tenant)).and(B2B_QUOTE.ID.eq(id.value()))
                .forUpdate().fetchOptional().orElseThrow(() -> unknown(id));
    }

    public static void insert(DSLContext tx, B2bQuoteRecord q, List<B2bQuoteLineRecord> lines) {
        tx.insertInto(B2B_QUOTE).set(q).execute();
        var insert = tx.insertInto(B2B_QUOTE_LINE).set(lines.get(0));
        for (int i = 1; i < lines.size(); i++) {
            insert = insert.newRecord().set(lines.get(i));
        }
        insert.execute();
    }

    public static void update(DSLContext tx, B2bQuoteRecord r, Instant now) {
        r.setUpdatedAt(odt(now));
        tx.update(B2B_QUOTE).set(r).where(B2B_QUOTE.TENANT_ID.eq(r.getTenantId())).and(B2B_QUOTE.ID.eq(r.getId()))
                .execute();
        r.changed(false);
    }

    public static List<B2bQuoteLineRecord> lines(DSLContext tx, UUID tenant, UUID quote) {
        return tx.selectFrom(B2B_QUOTE_LINE).where(B2B_QUOTE_LINE.TENANT_ID.eq(tenant))
                .and(B2B_QUOTE_LINE.QUOTE_ID.eq(quote)).orderBy(B2B_QUOTE_LINE.LINE_NO).fetch();
    }

    public static void setPrice(DSLContext tx, UUID tenant, UUID quote, int lineNo, long unitPrice) {
        tx.update(B2B_QUOTE_LINE).set(B2B_QUOTE_LINE.UNIT_PRICE, unitPrice)
                .where(B2B_QUOTE_LINE.TENANT_ID.eq(tenant)).and(B2B_QUOTE_LINE.QUOTE_ID.eq(quote))
                .and(B2B_QUOTE_LINE.LINE_NO.eq(lineNo)).execute();
    }

    public static List<B2bQuoteRecord> page(DSLContext tx, UUID tenant, CompanyId company, UUID after, int limit) {
        return tx.selectFrom(B2B_QUOTE).where(B2B_QUOTE.TENANT_ID.eq(tenant))
                .and(company == null ? DSL.noCondition() : B2B_QUOTE.COMPANY_ID.eq(company.value()))
                .and(after == null ? DSL.noCondition() : B2B_QUOTE.ID.gt(after))
                .orderBy(B2B_QUOTE.ID).limit(limit).fetch();
    }

    /** Quoted quotes whose prices ran out before {@code now}, locked, skipping those another run holds. */
    public static List<B2bQuoteRecord> lockExpired(DSLContext tx, UUID tenant, Instant now, int limit) {
        return tx.selectFrom(B2B_QUOTE).where(B2B_QUOTE.TENANT_ID.eq(tenant))
                .and(B2B_QUOTE.STATUS.eq(QuoteStatus.QUOTED.code()))
                .and(B2B_QUOTE.VALID_UNTIL.lt(odt(now)))
                .orderBy(B2B_QUOTE.VALID_UNTIL, B2B_QUOTE.ID).limit(limit)
                .forUpdate().skipLocked().fetch();
    }

    /** Appends an entry to the quote's history. */
    public static void append(DSLContext tx, UUID tenant, UUID quote, QuoteEntry.Kind kind, QuoteStatus from,
                              QuoteStatus to, QuoteSide side, String author, String message, Map<String, Long> prices,
                              Instant validUntil, Instant at) {
        Integer last = tx.select(DSL.max(B2B_QUOTE_HISTORY.SEQ)).from(B2B_QUOTE_HISTORY)
                .where(B2B_QUOTE_HISTORY.TENANT_ID.eq(tenant)).and(B2B_QUOTE_HISTORY.QUOTE_ID.eq(quote))
                .fetchOne().value1();
        B2bQuoteHistoryRecord r = new B2bQuoteHistoryRecord();
        r.setTenantId(tenant);
        r.setQuoteId(quote);
        r.setSeq(last == null ? 1 : last + 1);
        r.setKind(kind.name().toLowerCase(java.util.Locale.ROOT));
        r.setFromStatus(from == null ? null : from.code());
        r.setToStatus(to == null ? null : to.code());
        r.setSide(side.code());
        r.setAuthor(author.length() > 300 ? author.substring(0, 300) : author);
        r.setMessage(message);
        r.setPrices(prices == null || prices.isEmpty() ? null : Json.write(prices));
        r.setValidUntil(odt(validUntil));
        r.setOccurredAt(odt(at));
        tx.insertInto(B2B_QUOTE_HISTORY).set(r).execute();
    }

    public static List<QuoteEntry> history(DSLContext tx, UUID tenant, QuoteId quote) {
        return tx.selectFrom(B2B_QUOTE_HISTORY).where(B2B_QUOTE_HISTORY.TENANT_ID.eq(tenant))
                .and(B2B_QUOTE_HISTORY.QUOTE_ID.eq(quote.value())).orderBy(B2B_QUOTE_HISTORY.SEQ)
                .fetch(QuoteStore::toEntry);
    }

    private static QuoteEntry toEntry(B2bQuoteHistoryRecord r) {
        Map<String, Long> prices = Map.of();
        if (r.getPrices() != null) {
            try {
                prices = Json.MAPPER.readValue(r.getPrices(), new TypeReference<LinkedHashMap<String, Long>>() { });
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable prices in the history of quote " + r.getQuoteId(), e);
            }
        }
        return new QuoteEntry(r.getSeq(), QuoteEntry.Kind.valueOf(r.getKind().toUpperCase(java.util.Locale.ROOT)),
                Optional.ofNullable(r.getFromStatus()).map(QuoteStatus::of),
                Optional.ofNullable(r.getToStatus()).map(QuoteStatus::of), QuoteSide.of(r.getSide()), r.getAuthor(),
                Optional.ofNullable(r.getMessage()), prices, opt(r.getValidUntil()), inst(r.getOccurredAt()));
    }

    public static Quote toQuote(B2bQuoteRecord r, List<B2bQuoteLineRecord> lines) {
        List<QuoteLine> out = lines.stream().map(l -> new QuoteLine(l.getLineId(), l.getProductId(), l.getQuantity(),
                l.getTargetUnitPrice() == null ? OptionalLong.empty() : OptionalLong.of(l.getTargetUnitPrice()),
                l.getUnitPrice() == null ? OptionalLong.empty() : OptionalLong.of(l.getUnitPrice()))).toList();
        OptionalLong total = OptionalLong.empty();
        if (!out.isEmpty() && out.stream().allMatch(l -> l.unitPrice().isPresent())) {
            long sum = 0;
            for (QuoteLine l : out) {
                sum = Checks.add("quote total", sum, Checks.multiply("quote line", l.quantity(), l.unitPrice().getAsLong()));
            }
            total = OptionalLong.of(sum);
        }
        return new Quote(new QuoteId(r.getId()), new CompanyId(r.getCompanyId()), new CustomerId(r.getCustomerId()),
                QuoteStatus.of(r.getStatus()), r.getRevision(), opt(r.getValidUntil()), out, total,
                Optional.ofNullable(r.getOrderId()), Optional.ofNullable(r.getApprovalId()).map(ApprovalId::new),
                inst(r.getCreatedAt()), inst(r.getUpdatedAt()));
    }
}
