package io.projectservice.projects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.config.JsonCodec;

/**
 * The state cache: a fold's result stored every N versions (table {@code project_state_snapshots},
 * not to be confused with the snapshots users take), so a later fold starts there. The stored JSON
 * is {@link ProjectState}'s fields by their JSON names: renaming one breaks the caches already
 * stored, and unknown ones are ignored when read back.
 */
public final class StateCache {
    private StateCache() {
    }

    public static ObjectNode write(JsonCodec json, ProjectState state) {
        return json.mapper().valueToTree(state);
    }

    public static ProjectState read(JsonCodec json, ObjectNode cached) {
        return json.mapper().convertValue(cached, ProjectState.class);
    }
}
