package org.cityos.core;

/**
 * Helpers to put user-supplied values into messages and logs safely: quoted, control characters
 * (CR, LF and the rest) escaped, and long values cut, so a value cannot forge a log line.
 */
public final class Values {
    private static final int MAX = 200;

    private Values() {
    }

    /** The value as a quoted, neutralised string ({@code null} stays {@code null}). */
    public static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        return "'" + neutralise(String.valueOf(value)) + "'";
    }

    /** Escapes control characters and cuts the value to a readable length. */
    public static String neutralise(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 8);
        for (int i = 0; i < s.length(); i++) {
            if (b.length() >= MAX) {
                b.append("...");
                break;
            }
            char c = s.charAt(i);
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
