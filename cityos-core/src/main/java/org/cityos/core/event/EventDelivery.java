package org.cityos.core.event;

import org.cityos.core.TenantContext;
import org.cityos.core.job.JobContext;
import org.jooq.DSLContext;

/**
 * One delivery of an event to a subscriber: the event, the subscriber's name, the delivery job
 * (attempt number) and its tenant-scoped transaction. {@link #markIfFirst()} records the event as
 * processed by this subscriber in that transaction, for effectively-once handling.
 */
public final class EventDelivery {
    private final Event event;
    private final String subscriber;
    private final JobContext job;
    private final Events events;

    EventDelivery(Event event, String subscriber, JobContext job, Events events) {
        this.event = event;
        this.subscriber = subscriber;
        this.job = job;
        this.events = events;
    }

    public Event event() {
        return event;
    }

    public String subscriber() {
        return subscriber;
    }

    /** The delivery job: attempt number, job id. */
    public JobContext job() {
        return job;
    }

    /** The event's tenant as a system context. */
    public TenantContext tenant() {
        return job.requireTenant();
    }

    /** The tenant-scoped transaction the delivery runs and completes in. */
    public DSLContext tx() {
        return job.tx();
    }

    /**
     * Records that this subscriber processed the event, in {@link #tx()}; false if it had been
     * recorded before (a redelivery), so the handler can skip work it did already.
     */
    public boolean markIfFirst() {
        return events.markIfFirst(tx(), event.tenant(), subscriber, event.id());
    }
}
