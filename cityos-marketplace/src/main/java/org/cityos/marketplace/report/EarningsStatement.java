package org.cityos.marketplace.report;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.cityos.marketplace.payout.Payout;

/**
 * What one payout paid for: the vendor orders released since the vendor's previous payout that did
 * not fail ({@code periodStart}, exclusive; none: since the start) up to the payout's run time,
 * at their current figures, and {@code adjustments}: the payout's amount less those nets, that is
 * the balance carried from before the period (a negative balance left by a refund after an
 * earlier payout, refunds since on orders paid earlier, reversals). {@code lines' net + adjustments
 * = payout amount} exactly.
 */
public record EarningsStatement(Payout payout, String vendorHandle, Optional<OffsetDateTime> periodStart,
                                OffsetDateTime periodEnd, List<StatementLine> lines, long subtotal, long commission,
                                long net, long adjustments) {
    public EarningsStatement {
        lines = List.copyOf(lines);
    }
}
