package io.projectservice.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The API description under the other route families' paths, for Swagger UI's definition picker:
 * {@code /openapi/projects-default-workspace} ({@code /api/v1/projects/{action}}) and
 * {@code /openapi/ontologies} (the current SDK's {@code /api/v1/ontologies/[{workspace_id}/]{action}},
 * with its {@code export-ontology}/{@code import-ontology} names). Derived from the one document,
 * META-INF/openapi.yaml, so the families cannot describe different operations; a path outside the
 * route families (the operator's) stays as it is in each. A plain route, not
 * a resource: these documents describe the API, they are not part of it.
 */
@Singleton
public class RouteFamilyDocuments {
    private static final String WORKSPACE_PREFIX = "/api/v1/projects/{workspace_id}/";
    private static final String WORKSPACE_PARAMETER = "#/components/parameters/workspace_id";
    private static final Map<String, String> ONTOLOGY_ACTIONS = Map.of(
            "export-project", "export-ontology", "import-project", "import-ontology");

    void serve(@Observes Router router, ObjectMapper json) {
        ObjectNode source = load();
        Map<String, Buffer> documents = Map.of(
                "projects-default-workspace", bytes(json, defaultWorkspace(source)),
                "ontologies", bytes(json, ontologies(source)));
        documents.forEach((family, body) -> router.get("/openapi/" + family).handler(rc -> rc.response()
                .putHeader("Content-Type", "application/json").end(body)));
    }

    private static Buffer bytes(ObjectMapper json, JsonNode document) {
        try {
            return Buffer.buffer(json.writeValueAsBytes(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode defaultWorkspace(ObjectNode source) {
        return derived(source, "the /api/v1/projects/{action} family (the default workspace)", (action, item, paths) ->
                paths.set("/api/v1/projects/" + action, withoutWorkspace(item)));
    }

    static ObjectNode ontologies(ObjectNode source) {
        return derived(source, "the /api/v1/ontologies family of the current SDK", (action, item, paths) -> {
            String head = action.split("/", 2)[0];
            String named = ONTOLOGY_ACTIONS.getOrDefault(head, head) + action.substring(head.length());
            paths.set("/api/v1/ontologies/" + named, withoutWorkspace(item));
            paths.set("/api/v1/ontologies/{workspace_id}/" + named, renamedOperations(item.deepCopy(), "InWorkspace"));
        });
    }

    /** How one family spells a path item of the workspace layout (its action, e.g. {@code snapshots/list}). */
    private interface Spelling {
        void add(String action, JsonNode item, ObjectNode paths);
    }

    private static ObjectNode derived(ObjectNode source, String family, Spelling spelling) {
        ObjectNode doc = source.deepCopy();
        ObjectNode paths = doc.putObject("paths");
        source.path("paths").fields().forEachRemaining(p -> {
            if (p.getKey().startsWith(WORKSPACE_PREFIX)) {
                spelling.add(p.getKey().substring(WORKSPACE_PREFIX.length()), p.getValue(), paths);
            } else {
                paths.set(p.getKey(), p.getValue());
            }
        });
        retitle(doc, family);
        return doc;
    }

    /** The path item without the workspace path parameter, on the item and on each operation. */
    private static JsonNode withoutWorkspace(JsonNode item) {
        ObjectNode copy = item.deepCopy();
        dropWorkspace(copy);
        copy.fields().forEachRemaining(op -> {
            if (op.getValue().isObject()) {
                dropWorkspace((ObjectNode) op.getValue());
            }
        });
        return copy;
    }

    private static void dropWorkspace(ObjectNode holder) {
        if (holder.get("parameters") instanceof ArrayNode parameters) {
            for (Iterator<JsonNode> it = parameters.elements(); it.hasNext();) {
                if (WORKSPACE_PARAMETER.equals(it.next().path("$ref").asText())) {
                    it.remove();
                }
            }
            if (parameters.isEmpty()) {
                holder.remove("parameters");
            }
        }
    }

    /** Operation ids are unique in a document: the second layout's get a suffix. */
    private static JsonNode renamedOperations(ObjectNode item, String suffix) {
        item.fields().forEachRemaining(op -> {
            if (op.getValue() instanceof ObjectNode operation && operation.has("operationId")) {
                operation.put("operationId", operation.get("operationId").asText() + suffix);
            }
        });
        return item;
    }

    private static void retitle(ObjectNode doc, String family) {
        ObjectNode info = (ObjectNode) doc.path("info");
        info.put("title", info.path("title").asText() + ": " + family);
    }

    private static ObjectNode load() {
        try (InputStream in = RouteFamilyDocuments.class.getResourceAsStream("/META-INF/openapi.yaml")) {
            return (ObjectNode) new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
