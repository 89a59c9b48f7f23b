package io.projectservice.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Import bodies ({@code {"export_data": bundle}}) whose project content is large: many concepts
 * of a thousand characters each, the kind of size a rich project reaches.
 */
public final class LargeBundles {
    private static final String DEFINITION = "x".repeat(1000);

    private LargeBundles() {
    }

    /** An import body whose ProjectImported event holds about {@code bytes} bytes of concepts. */
    public static Map<String, Object> of(String name, int bytes) {
        List<Map<String, Object>> concepts = new ArrayList<>();
        for (int i = 0; i < bytes / 1040; i++) {
            concepts.add(Map.of("name", "c" + i, "definition", DEFINITION));
        }
        return body(name, concepts);
    }

    /**
     * A small body whose stored event is large: PostgreSQL writes the number 1e300 out in full
     * (301 digits), so each six-character number becomes about 300 bytes as stored.
     */
    public static Map<String, Object> amplified(String name, int numbers) {
        List<Object> fields = new ArrayList<>();
        for (int i = 0; i < numbers; i++) {
            fields.add(1e300);
        }
        return body(name, List.of(Map.of("name", "numbers", "fields", fields)));
    }

    private static Map<String, Object> body(String name, List<?> concepts) {
        return Map.of("export_data", Map.of("tables", Map.of(
                "project", Map.of("data", List.of(Map.of("name", name))),
                "concepts", Map.of("data", concepts))));
    }
}
