package org.cityos.sync.engine;

/**
 * How an integration takes part in the sync of an entity type: changes are read from a
 * {@code SOURCE}, written to a {@code TARGET}, or both.
 */
public enum SyncRole {
    SOURCE, TARGET, BOTH;

    /** Whether changes are read from the side. */
    public boolean reads() {
        return this != TARGET;
    }

    /** Whether changes are written to the side. */
    public boolean writes() {
        return this != SOURCE;
    }
}
