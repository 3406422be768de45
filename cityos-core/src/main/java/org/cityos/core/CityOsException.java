package org.cityos.core;

import java.util.Objects;

/**
 * The one exception family of the library: every refused request raises it with a stable
 * {@link ErrorCode} and a message that names the offending value, and changes nothing.
 */
public class CityOsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public CityOsException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public CityOsException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable error code. */
    public ErrorCode code() {
        return code;
    }

    @Override
    public String toString() {
        return "CityOsException[" + code.code() + "]: " + getMessage();
    }

    public static CityOsException notFound(String what, Object id) {
        return new CityOsException(ErrorCode.NOT_FOUND, what + " not found: " + Values.quote(id));
    }

    public static CityOsException invalid(String field, Object value, String why) {
        return new CityOsException(ErrorCode.INVALID_ARGUMENT, field + " " + Values.quote(value) + " " + why);
    }

    public static CityOsException conflict(String message) {
        return new CityOsException(ErrorCode.CONFLICT, message);
    }
}
