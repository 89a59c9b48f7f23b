package io.projectservice.projects;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.eventstore.RecordedEvent;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A project as the fold of its events. Serialized as is into the {@link StateCache}, so field
 * names are part of its stored format (unknown ones are ignored when read back). No presentation
 * here: the API's views are built from it (ProjectViews).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ProjectState {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @JsonProperty("id") public String id;
    @JsonProperty("workspace_id") public String workspaceId;
    @JsonProperty("scope") public String scope;
    @JsonProperty("author") public String author;
    @JsonProperty("organization") public String organization;
    @JsonProperty("name") public String name;
    @JsonProperty("description") public String description;
    @JsonProperty("metadata") public ObjectNode metadata = JSON.objectNode();
    @JsonProperty("ontology") public ObjectNode ontology = emptyOntology();
    @JsonProperty("concepts") public ArrayNode concepts = JSON.arrayNode();
    @JsonProperty("files") public ArrayNode files = JSON.arrayNode();
    @JsonProperty("tables") public ArrayNode tables = JSON.arrayNode();
    @JsonProperty("origin") public ObjectNode origin;
    /** Live snapshots, oldest first: {snapshot_id, version, description, created_at}. Not content. */
    @JsonProperty("snapshots") public ArrayNode snapshots = JSON.arrayNode();
    @JsonProperty("created_at") public OffsetDateTime createdAt;
    @JsonProperty("updated_at") public OffsetDateTime updatedAt;
    @JsonProperty("version") public int version;
    /** The log version of this incarnation's first event (see StreamHead); 1 unless the id was used before. */
    @JsonProperty("incarnation_start") public int incarnationStart = 1;
    @JsonProperty("deleted") public boolean deleted;

    public static ProjectState fold(ProjectState start, List<RecordedEvent> events) {
        ProjectState state = start == null ? new ProjectState() : start;
        for (RecordedEvent e : events) {
            state.apply(e);
        }
        return state;
    }

    /** An empty state with the attributes of its stream (a list row starts from it). */
    public static ProjectState withAttributes(StreamAttributes a) {
        ProjectState s = new ProjectState();
        s.id = a.id();
        s.workspaceId = a.workspaceId();
        s.scope = a.scope();
        s.author = a.author();
        s.organization = a.organization();
        return s;
    }

    public StreamAttributes attributes() {
        return new StreamAttributes(id, workspaceId, scope, author, organization);
    }

    public void apply(RecordedEvent e) {
        ObjectNode data = e.data();
        switch (e.type()) {
            case ProjectEvents.CREATED, ProjectEvents.COPIED, ProjectEvents.IMPORTED -> {
                // a new project, or a new incarnation of a deleted one: nothing of before carries over
                id = data.path("id").asText(e.streamId());
                workspaceId = text(data, "workspace_id");
                scope = text(data, "scope");
                author = text(data, "author");
                organization = text(data, "organization");
                resetContent();
                snapshots = JSON.arrayNode();
                applyContent(data.path("content"));
                JsonNode from = data.has("source") ? data.get("source") : data.get("origin");
                origin = from instanceof ObjectNode o ? o.deepCopy().put("event", e.type()) : null;
                createdAt = e.recordedAt();
                incarnationStart = e.version();
                deleted = false;
            }
            case ProjectEvents.UPDATED, ProjectEvents.CONTEXT_ANALYZED -> applyContent(data.path("changes"));
            case ProjectEvents.RESTORED -> {
                resetContent();
                applyContent(data.path("content"));
            }
            case ProjectEvents.SNAPSHOT_CREATED -> snapshots.addObject()
                    .put("snapshot_id", text(data, "snapshot_id"))
                    .put("version", data.path("version").asInt())
                    .put("description", text(data, "description"))
                    .put("created_at", Timestamps.text(e.recordedAt()));
            case ProjectEvents.SNAPSHOT_DELETED -> snapshots.remove(snapshotIndex(text(data, "snapshot_id")));
            case ProjectEvents.DELETED -> deleted = true;
            default -> {
                // types this version does not know change nothing it can see
            }
        }
        version = e.version();
        updatedAt = e.recordedAt();
    }

    /** The version as the API counts it: 1 at this incarnation's first event. */
    public int apiVersion() {
        return apiVersion(version);
    }

    public int apiVersion(int logVersion) {
        return logVersion - incarnationStart + 1;
    }

    /** The live snapshot with this id, or null. */
    public ObjectNode snapshot(String snapshotId) {
        int i = snapshotIndex(snapshotId);
        return i < 0 ? null : (ObjectNode) snapshots.get(i);
    }

    private int snapshotIndex(String snapshotId) {
        for (int i = 0; i < snapshots.size(); i++) {
            if (snapshots.get(i).path("snapshot_id").asText().equals(snapshotId)) {
                return i;
            }
        }
        return -1;
    }

    /** The content fields as one object (deep copy). */
    public ObjectNode content() {
        ObjectNode c = JSON.objectNode();
        c.put("name", name);
        c.put("description", description);
        c.set("metadata", metadata.deepCopy());
        c.set("ontology", ontology.deepCopy());
        c.set("concepts", concepts.deepCopy());
        c.set("files", files.deepCopy());
        c.set("tables", tables.deepCopy());
        return c;
    }

    /** Sets the content fields present in {@code c}; absent ones keep their values. */
    public void applyContent(JsonNode c) {
        if (!(c instanceof ObjectNode content)) {
            return;
        }
        if (content.has("name")) {
            name = text(content, "name");
        }
        if (content.has("description")) {
            description = text(content, "description");
        }
        if (content.get("metadata") instanceof ObjectNode m) {
            metadata = m.deepCopy();
        }
        if (content.get("ontology") instanceof ObjectNode o) {
            ontology = normalizedOntology(o);
        }
        if (content.get("concepts") instanceof ArrayNode a) {
            concepts = a.deepCopy();
        }
        if (content.get("files") instanceof ArrayNode a) {
            files = a.deepCopy();
        }
        if (content.get("tables") instanceof ArrayNode a) {
            tables = a.deepCopy();
        }
    }

    private void resetContent() {
        name = null;
        description = null;
        metadata = JSON.objectNode();
        ontology = emptyOntology();
        concepts = JSON.arrayNode();
        files = JSON.arrayNode();
        tables = JSON.arrayNode();
    }

    static ObjectNode emptyOntology() {
        ObjectNode o = JSON.objectNode();
        o.set("nodes", JSON.arrayNode());
        o.set("edges", JSON.arrayNode());
        return o;
    }

    private static ObjectNode normalizedOntology(ObjectNode o) {
        ObjectNode n = emptyOntology();
        if (o.get("nodes") instanceof ArrayNode nodes) {
            n.set("nodes", nodes.deepCopy());
        }
        if (o.get("edges") instanceof ArrayNode edges) {
            n.set("edges", edges.deepCopy());
        }
        return n;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
