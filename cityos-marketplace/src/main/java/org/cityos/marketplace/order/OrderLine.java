package org.cityos.marketplace.order;

import java.util.Optional;

import org.cityos.marketplace.rules.CommissionRule;
import org.cityos.marketplace.rules.CommissionTerms;

/**
 * One order line as stored: its gross, discount share and basis (after discount, before refunds),
 * the commission terms frozen on it when the order was placed (none for platform lines), and its
 * current refunded quantity, refunded basis and commission.
 */
public record OrderLine(String lineId, String productId, Optional<String> category, long quantity, long unitPrice,
                        long gross, long discount, long basis, Optional<CommissionRule.Tier> ruleTier,
                        Optional<CommissionTerms> terms, long refundedQuantity, long refundedBasis, long commission) {
}
