package org.cityos.core.ops;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.MDC;

/**
 * The SLF4J MDC keys the library sets while it runs a job or delivers an event, so that every
 * line the handler (or the library) logs meanwhile names them; the previous values are restored
 * afterwards. Add {@code %X{cityos.tenant} %X{cityos.job}} to your log pattern.
 */
public final class LogKeys {
    /** The tenant id of the job running on this thread (absent for platform jobs). */
    public static final String TENANT = "cityos.tenant";
    /** The id of the job running on this thread. */
    public static final String JOB = "cityos.job";
    /** The type of the job running on this thread. */
    public static final String JOB_TYPE = "cityos.job_type";
    /** The id of the event being delivered to a subscriber on this thread. */
    public static final String EVENT = "cityos.event";

    private LogKeys() {
    }

    /**
     * Sets each key to its value ({@code null} removes the key) and returns what restores the
     * values the keys had before; use it in try-with-resources.
     */
    public static Restore put(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        List<String[]> previous = new ArrayList<>(keysAndValues.length / 2);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = keysAndValues[i];
            previous.add(new String[] {key, MDC.get(key)});
            set(key, keysAndValues[i + 1]);
        }
        return () -> {
            for (int i = previous.size() - 1; i >= 0; i--) {
                set(previous.get(i)[0], previous.get(i)[1]);
            }
        };
    }

    private static void set(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** Restores the MDC values that {@link #put} replaced. */
    @FunctionalInterface
    public interface Restore extends AutoCloseable {
        @Override
        void close();
    }
}
