package org.cityos.core.event;

/**
 * A subscriber's reaction to one event. It runs as a job: at least once per event, in the
 * transaction {@link EventDelivery#tx()} that also completes the job, and for events of one
 * aggregate in publication order. Throwing retries the delivery with backoff.
 */
@FunctionalInterface
public interface EventHandler {
    void handle(EventDelivery delivery) throws Exception;
}
