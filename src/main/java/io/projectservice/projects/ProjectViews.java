package io.projectservice.projects;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.eventstore.RecordedEvent;
import java.time.OffsetDateTime;

/** The project object of the API (list items and load) built from a state. */
public final class ProjectViews {
    private ProjectViews() {
    }

    public static String time(OffsetDateTime t) {
        return Timestamps.text(t);
    }

    /** The list fields. */
    public static ObjectNode summary(ProjectState s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", s.id);
        o.put("name", s.name);
        o.put("description", s.description);
        o.set("metadata", s.metadata.deepCopy());
        o.put("scope", s.scope);
        o.put("workspace_id", s.workspaceId);
        o.put("author", s.author);
        o.put("organization", s.organization);
        o.put("created_at", time(s.createdAt));
        o.put("updated_at", time(s.updatedAt));
        o.put("version", s.apiVersion());
        o.put("to_persist", true);
        return o;
    }

    /** The full state, as {@code load} answers it. */
    public static ObjectNode detail(ProjectState s) {
        ObjectNode o = summary(s);
        o.set("ontology", s.ontology.deepCopy());
        o.set("concepts", s.concepts.deepCopy());
        o.set("files", s.files.deepCopy());
        o.set("tables", s.tables.deepCopy());
        o.put("snapshots", s.snapshots.size());
        if (s.origin != null) {
            o.set("origin", s.origin.deepCopy());
        }
        return o;
    }

    /**
     * One event of a project's history: what happened, when, by whom, and what it changed, with
     * versions as the API counts them in the incarnation that begins at {@code incarnationStart}.
     */
    public static ObjectNode event(RecordedEvent e, int incarnationStart) {
        ObjectNode o = JsonNodeFactory.instance.objectNode()
                .put("version", e.version() - incarnationStart + 1)
                .put("type", e.type())
                .put("recorded_at", time(e.recordedAt()))
                .put("actor", e.metadata().path("actor").asText(null));
        ObjectNode data = apiData(e, incarnationStart);
        o.set("changes", data.has("changes") ? data.get("changes") : data);
        return o;
    }

    /**
     * An event's data with the versions it names as the API counts them. The log keeps them as
     * log versions (as {@code sequence} on the topic does); only snapshot events name versions of
     * their own stream.
     */
    public static ObjectNode apiData(RecordedEvent e, int incarnationStart) {
        String field = ProjectEvents.SNAPSHOT_CREATED.equals(e.type()) ? "version"
                : ProjectEvents.RESTORED.equals(e.type()) ? "restored_from_version" : null;
        if (field == null || incarnationStart == 1 || !e.data().path(field).isInt()) {
            return e.data();
        }
        return e.data().deepCopy().put(field, e.data().get(field).asInt() - incarnationStart + 1);
    }

    /** A snapshot as the API answers it: its id under both names the clients read, and its API version. */
    public static ObjectNode snapshot(ObjectNode entry, int incarnationStart) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("snapshot_id", entry.path("snapshot_id").asText());
        o.put("id", entry.path("snapshot_id").asText());
        o.set("description", entry.path("description"));
        o.set("created_at", entry.path("created_at"));
        o.put("version", entry.path("version").asInt() - incarnationStart + 1);
        return o;
    }
}
