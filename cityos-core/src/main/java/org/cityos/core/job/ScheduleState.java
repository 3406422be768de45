package org.cityos.core.job;

import java.time.Instant;
import java.util.Optional;

/** A registered schedule with when it fires next and when it last fired. */
public record ScheduleState(Schedule schedule, Instant nextRunAt, Optional<Instant> lastRunAt) {
}
