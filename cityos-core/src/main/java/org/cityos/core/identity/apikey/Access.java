package org.cityos.core.identity.apikey;

import java.util.Locale;
import java.util.Set;

/** What a scope grants on a resource kind: reading, or writing (which includes reading). */
public enum Access {
    READ, WRITE;

    /**
     * The actions that only read, alone or as the first word of an action named with underscores
     * ({@code view_orders}, {@code list_members}); any other action writes.
     */
    public static final Set<String> READ_ACTIONS = Set.of("read", "list", "view", "get", "search");

    /**
     * The access an action needs: {@link #READ} for one of {@link #READ_ACTIONS} or an action whose
     * first word (up to the first {@code _}) is one, {@link #WRITE} otherwise ({@code fulfill_orders},
     * {@code request_payout}, {@code viewer}).
     */
    public static Access of(String action) {
        if (action == null) {
            return WRITE;
        }
        String a = action.toLowerCase(Locale.ROOT);
        int underscore = a.indexOf('_');
        return READ_ACTIONS.contains(underscore < 0 ? a : a.substring(0, underscore)) ? READ : WRITE;
    }

    /** Whether this access covers {@code needed}. */
    public boolean covers(Access needed) {
        return this == WRITE || needed == READ;
    }
}
