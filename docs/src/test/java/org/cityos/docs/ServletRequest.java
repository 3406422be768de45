package org.cityos.docs;

import java.util.HashMap;
import java.util.Map;

/**
 * Stands in for the host's servlet request in snippets that read one: the peer's address and
 * single header values, as {@code HttpServletRequest} gives them.
 */
final class ServletRequest {
    private final String remoteAddr;
    private final Map<String, String> headers;

    ServletRequest(String remoteAddr, Map<String, String> headers) {
        this.remoteAddr = remoteAddr;
        this.headers = new HashMap<>(headers);
    }

    String getRemoteAddr() {
        return remoteAddr;
    }

    /** The header's value, or null when it was not sent. */
    String getHeader(String name) {
        return headers.get(name);
    }
}
