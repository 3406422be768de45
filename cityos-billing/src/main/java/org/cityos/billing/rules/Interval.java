package org.cityos.billing.rules;

/** The unit of a plan's billing interval; a plan bills every {@code interval_count} of them. */
public enum Interval {
    DAY, WEEK, MONTH, YEAR;

    /** The wire form, e.g. {@code month}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses the wire form, raising {@code invalid_argument} naming the text when it is none of them. */
    public static Interval parse(String text) {
        for (Interval i : values()) {
            if (i.code().equals(text)) {
                return i;
            }
        }
        throw org.cityos.core.CityOsException.invalid("interval", text, "must be one of day, week, month, year");
    }
}
