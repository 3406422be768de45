package org.cityos.marketplace.notify;

/**
 * The port through which the marketplace tells vendors about new orders and fulfillments (e-mail,
 * push, the host's own inbox). Called from the outbox subscriber, inside its delivery
 * transaction: throwing retries the delivery later; a notification is handed over once per event
 * unless the delivery's commit itself fails after the call, so implementations should tolerate
 * a rare repeat (the event id is in the notification).
 */
@FunctionalInterface
public interface VendorNotifier {
    void notify(VendorNotification notification) throws Exception;
}
