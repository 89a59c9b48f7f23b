package io.projectservice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** RFC 6902 JSON Patch: add, remove, replace and test (what the overlays use). */
final class JsonPatch {
    private JsonPatch() {
    }

    static void apply(ObjectNode doc, ArrayNode ops) {
        for (JsonNode op : ops) {
            String kind = op.path("op").asText();
            List<String> path = pointer(op.path("path").asText());
            if (path.isEmpty()) {
                throw new IllegalArgumentException("patching the whole document is not supported: " + op);
            }
            JsonNode parent = resolve(doc, path.subList(0, path.size() - 1), op);
            String last = path.get(path.size() - 1);
            switch (kind) {
                case "add" -> add(parent, last, value(op), op);
                case "replace" -> {
                    requireExisting(parent, last, op);
                    remove(parent, last);
                    add(parent, last, value(op), op);
                }
                case "remove" -> {
                    requireExisting(parent, last, op);
                    remove(parent, last);
                }
                case "test" -> {
                    requireExisting(parent, last, op);
                    JsonNode actual = parent.isArray() ? parent.get(Integer.parseInt(last)) : parent.get(last);
                    if (!actual.equals(value(op))) {
                        throw new IllegalArgumentException("test failed, found " + actual + ": " + op);
                    }
                }
                default -> throw new IllegalArgumentException("unsupported JSON patch operation: " + op);
            }
        }
    }

    private static JsonNode value(JsonNode op) {
        if (!op.has("value")) {
            throw new IllegalArgumentException("operation needs a value: " + op);
        }
        return op.get("value").deepCopy();
    }

    private static List<String> pointer(String p) {
        if (!p.startsWith("/")) {
            throw new IllegalArgumentException("not a JSON pointer: '" + p + "'");
        }
        List<String> parts = new ArrayList<>();
        for (String s : p.substring(1).split("/", -1)) {
            parts.add(s.replace("~1", "/").replace("~0", "~"));
        }
        return parts;
    }

    private static JsonNode resolve(JsonNode doc, List<String> path, JsonNode op) {
        JsonNode n = doc;
        for (String s : path) {
            n = n.isArray() ? n.get(index(n, s, op)) : n.get(s);
            if (n == null) {
                throw new IllegalArgumentException("path does not exist: " + op);
            }
        }
        if (!n.isContainerNode()) {
            throw new IllegalArgumentException("path does not lead to an object or array: " + op);
        }
        return n;
    }

    private static int index(JsonNode array, String s, JsonNode op) {
        try {
            int i = Integer.parseInt(s);
            if (i >= 0 && i < array.size()) {
                return i;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("bad array index '" + s + "': " + op);
    }

    private static void requireExisting(JsonNode parent, String last, JsonNode op) {
        if (parent.isArray() ? (index(parent, last, op) < 0) : !parent.has(last)) {
            throw new IllegalArgumentException("path does not exist: " + op);
        }
    }

    private static void add(JsonNode parent, String last, JsonNode value, JsonNode op) {
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else {
            ArrayNode a = (ArrayNode) parent;
            if ("-".equals(last)) {
                a.add(value);
            } else {
                int i = Integer.parseInt(last);
                if (i < 0 || i > a.size()) {
                    throw new IllegalArgumentException("bad array index '" + last + "': " + op);
                }
                a.insert(i, value);
            }
        }
    }

    private static void remove(JsonNode parent, String last) {
        if (parent instanceof ObjectNode o) {
            o.remove(last);
        } else {
            ((ArrayNode) parent).remove(Integer.parseInt(last));
        }
    }
}
