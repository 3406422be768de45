package org.cityos.core.identity.apikey;

import java.util.Locale;
import java.util.Set;

/** What a scope grants on a resource kind: reading, or writing (which includes reading). */
public enum Access {
    READ, WRITE;

    /** The actions that only read; any other action writes. */
    public static final Set<String> READ_ACTIONS = Set.of("read", "list", "view", "get", "search");

    /** The access an action needs: {@link #READ} for {@link #READ_ACTIONS}, {@link #WRITE} otherwise. */
    public static Access of(String action) {
        return action != null && READ_ACTIONS.contains(action.toLowerCase(Locale.ROOT)) ? READ : WRITE;
    }

    /** Whether this access covers {@code needed}. */
    public boolean covers(Access needed) {
        return this == WRITE || needed == READ;
    }
}
