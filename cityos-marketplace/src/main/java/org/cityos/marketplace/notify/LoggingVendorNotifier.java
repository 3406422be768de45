package org.cityos.marketplace.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default {@link VendorNotifier}: writes one info line per notification, nothing else. */
public final class LoggingVendorNotifier implements VendorNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingVendorNotifier.class);

    @Override
    public void notify(VendorNotification n) {
        LOG.info("vendor {} of tenant {}: {} for order {} (vendor order {})", n.vendor(), n.tenant(), n.kind(),
                org.cityos.core.Values.quote(n.orderId()), n.vendorOrderId());
    }
}
