package org.cityos.examples.cli;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** Renders JSON the way the expected reports are written: 2-space indent, {@code "key": value}, {@code []} when empty. */
final class Json2 {
    private Json2() {
    }

    static String pretty(JsonNode node) {
        StringBuilder b = new StringBuilder();
        write(node, b, 0);
        return b.append('\n').toString();
    }

    private static void write(JsonNode n, StringBuilder b, int depth) {
        if (n.isObject()) {
            if (n.isEmpty()) {
                b.append("{}");
                return;
            }
            b.append("{\n");
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                indent(b, depth + 1).append(new TextNode(e.getKey())).append(": ");
                write(e.getValue(), b, depth + 1);
                b.append(it.hasNext() ? ",\n" : "\n");
            }
            indent(b, depth).append('}');
        } else if (n.isArray()) {
            if (n.isEmpty()) {
                b.append("[]");
                return;
            }
            b.append("[\n");
            for (int i = 0; i < n.size(); i++) {
                indent(b, depth + 1);
                write(n.get(i), b, depth + 1);
                b.append(i < n.size() - 1 ? ",\n" : "\n");
            }
            indent(b, depth).append(']');
        } else {
            b.append(n.toString());
        }
    }

    private static StringBuilder indent(StringBuilder b, int depth) {
        return b.append("  ".repeat(depth));
    }
}
