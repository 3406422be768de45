package org.cityos.core.job;

/**
 * What a schedule does when it finds a tick more than its grace late (the nodes were down or
 * busy): fire once now for everything missed, or skip to the next tick.
 */
public enum MisfirePolicy {
    FIRE_ONCE_NOW, SKIP_TO_NEXT
}
