package org.cityos.examples.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar on standard error, redrawn in place with a carriage return, e.g.
 * {@code [##########..........]  12/24 payouts}; redrawn only when the shown part changes.
 */
final class ProgressBar {
    private static final int WIDTH = 20;
    private final PrintWriter err;
    private final String unit;
    private final boolean enabled;
    private String last = "";

    ProgressBar(PrintWriter err, String unit, boolean enabled) {
        this.err = err;
        this.unit = unit;
        this.enabled = enabled;
    }

    /** Shows {@code done} of {@code total}. */
    void update(long done, long total) {
        int filled = total <= 0 ? WIDTH : (int) (WIDTH * done / total);
        draw("[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + unit);
    }

    /** Shows a count when the total is not known. */
    void count(long done) {
        draw(done + " " + unit);
    }

    private void draw(String line) {
        if (!enabled || line.equals(last)) {
            return;
        }
        last = line;
        err.print("\r" + line);
        err.flush();
    }

    /** Ends the line, if anything was drawn. */
    void finish() {
        if (enabled && !last.isEmpty()) {
            err.println();
            err.flush();
        }
    }
}
