package org.cityos.marketplace.internal;

import java.io.IOException;
import java.io.Writer;

/**
 * RFC 4180 CSV (internal): fields separated by commas, records ended by CRLF, a field quoted
 * (with inner quotes doubled) when it holds a comma, a quote, CR or LF; {@code null} is empty.
 */
public final class Csv {
    private Csv() {
    }

    /** Writes one record. */
    public static void row(Writer out, Object... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            field(out, fields[i] == null ? "" : fields[i].toString());
        }
        out.write("\r\n");
    }

    /** Writes one field, quoted when it must be. */
    public static void field(Writer out, String s) throws IOException {
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            out.write(s);
            return;
        }
        out.write('"');
        out.write(s.replace("\"", "\"\""));
        out.write('"');
    }
}
