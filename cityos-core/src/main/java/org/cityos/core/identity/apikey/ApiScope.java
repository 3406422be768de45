package org.cityos.core.identity.apikey;

import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import org.cityos.core.CityOsException;

/**
 * One grant of an API key: read or write access to one resource kind ({@code order:read},
 * {@code payout:write}) or to every kind ({@code *:read}). Write includes read.
 */
public record ApiScope(String kind, Access access) {
    private static final Pattern KIND = Pattern.compile("\\*|[a-z][a-z0-9_.-]{0,62}");

    public ApiScope {
        Objects.requireNonNull(access, "access");
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw CityOsException.invalid("scope resource kind", kind, "must be '*' or a lower-case resource kind");
        }
    }

    /** Parses {@code <kind>:read} or {@code <kind>:write}, raising {@code invalid_argument} naming the text. */
    public static ApiScope parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0) {
            throw CityOsException.invalid("scope", text, "is not '<resource kind>:read' or '<resource kind>:write'");
        }
        String access = text.substring(colon + 1);
        if (!access.equals("read") && !access.equals("write")) {
            throw CityOsException.invalid("scope", text, "is not '<resource kind>:read' or '<resource kind>:write'");
        }
        return new ApiScope(text.substring(0, colon), Access.valueOf(access.toUpperCase(Locale.ROOT)));
    }

    /** Read access to {@code kind}. */
    public static ApiScope read(String kind) {
        return new ApiScope(kind, Access.READ);
    }

    /** Write (and read) access to {@code kind}. */
    public static ApiScope write(String kind) {
        return new ApiScope(kind, Access.WRITE);
    }

    /** Whether this grant allows {@code action} on resources of {@code resourceKind}. */
    public boolean permits(String resourceKind, String action) {
        return (kind.equals("*") || kind.equals(resourceKind)) && access.covers(Access.of(action));
    }

    /**
     * Whether any of {@code scopes} (in their text form, as a principal carries them) allows
     * {@code action} on {@code resourceKind}; text that is not a scope grants nothing.
     */
    public static boolean anyPermits(Collection<String> scopes, String resourceKind, String action) {
        for (String s : scopes) {
            try {
                if (parse(s).permits(resourceKind, action)) {
                    return true;
                }
            } catch (CityOsException e) {
                // not an API scope (an OAuth scope such as 'openid'): grants nothing here
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return kind + ":" + access.name().toLowerCase(Locale.ROOT);
    }
}
