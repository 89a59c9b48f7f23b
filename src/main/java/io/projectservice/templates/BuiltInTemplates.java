package io.projectservice.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.config.ClasspathText;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The templates shipped with the service: JSON files under {@code templates/}, listed in
 * {@code templates/index.txt}, read once. Their ids start with {@code builtin.}, which no project
 * id can contain, so a built-in never shadows an organization's template.
 */
@ApplicationScoped
public class BuiltInTemplates {
    static final String PREFIX = "builtin.";
    private static final String DIR = "templates/";

    private final Map<String, ObjectNode> byId;

    public BuiltInTemplates(ObjectMapper mapper) {
        Map<String, ObjectNode> templates = new LinkedHashMap<>();
        for (String file : ClasspathText.index(DIR + "index.txt")) {
            ObjectNode t = validated(read(mapper, DIR + file), file);
            templates.put(t.get("id").asText(), t);
        }
        this.byId = Collections.unmodifiableMap(templates);
    }

    public List<ObjectNode> all() {
        return new ArrayList<>(byId.values());
    }

    /** The template with this id, or null. Callers get a copy they may change. */
    public ObjectNode find(String id) {
        ObjectNode t = byId.get(id);
        return t == null ? null : t.deepCopy();
    }

    private static ObjectNode read(ObjectMapper mapper, String path) {
        try {
            return (ObjectNode) mapper.readTree(ClasspathText.read(path));
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A broken template file is a packaging mistake: refuse to start rather than serve half of it. */
    private static ObjectNode validated(ObjectNode t, String file) {
        for (String field : List.of("id", "name", "description", "category")) {
            if (!t.path(field).isTextual() || t.get(field).asText().isBlank()) {
                throw new IllegalStateException("template " + file + " has no " + field);
            }
        }
        if (!t.get("id").asText().startsWith(PREFIX)) {
            throw new IllegalStateException("template " + file + " has an id not starting with " + PREFIX);
        }
        JsonNode ontology = t.path("ontology");
        if (!ontology.path("nodes").isArray() || !ontology.path("edges").isArray() || !t.path("concepts").isArray()) {
            throw new IllegalStateException("template " + file + " needs ontology.nodes, ontology.edges and concepts");
        }
        return t;
    }
}
