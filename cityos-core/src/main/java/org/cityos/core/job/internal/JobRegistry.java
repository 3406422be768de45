package org.cityos.core.job.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.cityos.core.CityOsException;
import org.cityos.core.job.JobHandler;
import org.cityos.core.job.RetryPolicy;

/** The job handlers this node knows, by type (internal). A type it does not know is left for other nodes. */
public final class JobRegistry {
    /** A handler and its retry policy. */
    public record Registration(String type, JobHandler handler, RetryPolicy retry) {
    }

    private final Map<String, Registration> handlers = new ConcurrentHashMap<>();
    private volatile List<String> types = List.of();

    public synchronized void register(String type, JobHandler handler, RetryPolicy retry) {
        if (handler == null || retry == null) {
            throw CityOsException.invalid("job handler for " + type, null, "must not be null");
        }
        if (handlers.putIfAbsent(type, new Registration(type, handler, retry)) != null) {
            throw CityOsException.conflict("a handler for job type '" + type + "' is registered already");
        }
        types = List.copyOf(handlers.keySet());
    }

    public Optional<Registration> find(String type) {
        return Optional.ofNullable(handlers.get(type));
    }

    /** The known types, a snapshot. */
    public List<String> types() {
        return types;
    }
}
