package org.cityos.sync.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.cityos.core.Json;

/**
 * The cursor of APIs listed by update time (internal): the last update time seen, in the side's
 * own text, and the ids already read that carry exactly that time. The next page asks for
 * {@code updated >= time} in update order, with the page size plus the number of those ids, and
 * leaves them out; a record changed meanwhile moves to a later time and is read there. Records
 * sharing one timestamp beyond {@link #MAX_IDS} would stall the cursor; update times with
 * millisecond resolution make that unlikely.
 */
public record TimeCursor(String time, List<String> ids) {
    /** The most ids kept for one timestamp. */
    public static final int MAX_IDS = 900;
    public static final TimeCursor START = new TimeCursor(null, List.of());

    public TimeCursor {
        ids = List.copyOf(ids);
    }

    /** A record of a page: its update time (side's text) and id. */
    public record Item(String time, String id) {
    }

    public static TimeCursor parse(Optional<String> cursor) {
        if (cursor.isEmpty() || cursor.get().isBlank()) {
            return START;
        }
        try {
            Map<?, ?> m = Json.MAPPER.readValue(cursor.get(), Map.class);
            Object t = m.get("t");
            List<String> ids = new ArrayList<>();
            if (m.get("ids") instanceof List<?> l) {
                l.forEach(x -> ids.add(String.valueOf(x)));
            }
            return new TimeCursor(t == null ? null : t.toString(), ids);
        } catch (JsonProcessingException e) {
            return START;
        }
    }

    public String encode() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("t", time);
        m.put("ids", ids);
        return Json.write(m);
    }

    /** How many records to ask for so that {@code pageSize} unseen ones can come back. */
    public int ask(int pageSize) {
        return pageSize + ids.size();
    }

    /** Whether a record was read already (same time, id among the ids). */
    public boolean seen(String recordTime, String id) {
        return time != null && time.equals(recordTime) && ids.contains(id);
    }

    /** The cursor after a page ({@code items} in order, read ones included). */
    public TimeCursor after(List<Item> items) {
        String last = null;
        for (Item i : items) {
            if (i.time() != null) {
                last = i.time();
            }
        }
        if (last == null) {
            return this;
        }
        Set<String> at = new LinkedHashSet<>();
        if (last.equals(time)) {
            at.addAll(ids);
        }
        for (Item i : items) {
            if (last.equals(i.time()) && i.id() != null) {
                at.add(i.id());
            }
        }
        List<String> kept = new ArrayList<>(at);
        if (kept.size() > MAX_IDS) {
            kept = kept.subList(kept.size() - MAX_IDS, kept.size());
        }
        return new TimeCursor(last, kept);
    }
}
