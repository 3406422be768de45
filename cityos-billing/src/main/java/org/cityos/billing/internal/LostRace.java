package org.cityos.billing.internal;

/** Another transaction changed a row first; the unit of work is rolled back and may be run again. */
public final class LostRace extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LostRace(String message) {
        super(message, null, false, false);
    }
}
