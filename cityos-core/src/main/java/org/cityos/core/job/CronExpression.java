package org.cityos.core.job;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;

import org.cityos.core.CityOsException;

/**
 * A standard five-field cron expression ({@code minute hour day-of-month month day-of-week}) with
 * {@code *}, lists, ranges, steps, month and day names, {@code 7} for Sunday, and the macros
 * {@code @hourly @daily @weekly @monthly @yearly}. As in Vixie cron, when both day fields are
 * restricted a day matches either. Invalid text is {@code invalid_argument} naming it.
 */
public final class CronExpression {
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
            "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private CronExpression(String text, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months,
                           BitSet daysOfWeek, boolean domRestricted, boolean dowRestricted) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.domRestricted = domRestricted;
        this.dowRestricted = dowRestricted;
    }

    /** Parses {@code text}; raises {@code invalid_argument} naming the expression and the bad field. */
    public static CronExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw CityOsException.invalid("cron expression", text, "must not be blank");
        }
        String trimmed = text.trim();
        String expanded = MACROS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
        String[] f = expanded.split("\\s+");
        if (f.length != 5) {
            throw CityOsException.invalid("cron expression", text, "must have 5 fields (minute hour day month weekday)");
        }
        BitSet min = field(text, "minute", f[0], 0, 59, null);
        BitSet hour = field(text, "hour", f[1], 0, 23, null);
        BitSet dom = field(text, "day of month", f[2], 1, 31, null);
        BitSet mon = field(text, "month", f[3], 1, 12, MONTHS);
        BitSet dow = field(text, "day of week", f[4], 0, 7, DAYS);
        if (dow.get(7)) {
            dow.set(0);
            dow.clear(7);
        }
        boolean domRestricted = !isStar(f[2]);
        boolean dowRestricted = !isStar(f[4]);
        if (domRestricted && !dowRestricted && !anyDayExists(dom, mon)) {
            throw CityOsException.invalid("cron expression", text, "never matches (no such day in those months)");
        }
        return new CronExpression(trimmed, min, hour, dom, mon, dow, domRestricted, dowRestricted);
    }

    private static boolean anyDayExists(BitSet dom, BitSet mon) {
        for (int m = mon.nextSetBit(1); m >= 0; m = mon.nextSetBit(m + 1)) {
            int longest = java.time.Month.of(m).maxLength();
            if (dom.nextSetBit(1) >= 0 && dom.nextSetBit(1) <= longest) {
                return true;
            }
        }
        return false;
    }

    private static boolean isStar(String f) {
        return f.equals("*") || f.equals("?");
    }

    private static BitSet field(String text, String name, String spec, int lo, int hi, String[] names) {
        BitSet bits = new BitSet(hi + 1);
        for (String part : spec.split(",", -1)) {
            try {
                int step = 1;
                String range = part;
                int slash = part.indexOf('/');
                if (slash >= 0) {
                    step = Integer.parseInt(part.substring(slash + 1));
                    range = part.substring(0, slash);
                    if (step < 1) {
                        throw new IllegalArgumentException();
                    }
                }
                int from;
                int to;
                if (range.equals("*") || range.equals("?")) {
                    from = lo;
                    to = hi == 7 ? 6 : hi;
                } else {
                    int dash = range.indexOf('-', 1);
                    if (dash >= 0) {
                        from = value(range.substring(0, dash), lo, names);
                        to = value(range.substring(dash + 1), lo, names);
                    } else {
                        from = value(range, lo, names);
                        to = slash >= 0 ? (hi == 7 ? 6 : hi) : from;
                    }
                }
                if (from < lo || to > hi || from > to) {
                    throw new IllegalArgumentException();
                }
                for (int v = from; v <= to; v += step) {
                    bits.set(v);
                }
            } catch (IllegalArgumentException e) {
                throw CityOsException.invalid("cron expression", text,
                        "has an invalid " + name + " field '" + part + "' (allowed " + lo + "-" + hi + ")");
            }
        }
        return bits;
    }

    private static int value(String s, int lo, String[] names) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equalsIgnoreCase(s)) {
                    return names == MONTHS ? i + 1 : i;
                }
            }
        }
        return Integer.parseInt(s);
    }

    /** The first time strictly after {@code after} (to the minute, in its zone) that matches. */
    public ZonedDateTime next(ZonedDateTime after) {
        ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        // at most a few thousand steps: months, then days, then hours, then minutes
        for (int i = 0; i < 100_000; i++) {
            if (!months.get(t.getMonthValue())) {
                t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(t.getZone());
            } else if (!dayMatches(t)) {
                t = t.toLocalDate().plusDays(1).atStartOfDay(t.getZone());
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                return t;
            }
        }
        throw CityOsException.invalid("cron expression", text, "never matches");
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
        if (domRestricted && dowRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronExpression c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The expression as given. */
    @Override
    public String toString() {
        return text;
    }
}
