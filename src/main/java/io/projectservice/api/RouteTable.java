package io.projectservice.api;

import io.projectservice.projects.ProjectIds;
import java.util.Map;
import java.util.Set;

/**
 * The one table of every spelling the API answers to. Three families ({@code /projects/{ws}/...}
 * of the seed, {@code /projects/...} of SDK 0.3.0, {@code /ontologies[/{ws}]/...} of SDK 0.3.1
 * and later) and the action names of the current SDK ({@code export-ontology},
 * {@code import-ontology}) all map onto the canonical {@code /api/v1/projects/{ws}/{action}} the
 * resources declare; no resource knows which spelling a client used.
 */
public final class RouteTable {
    public static final String CANONICAL = "/api/v1/projects/";

    /** Route families and the canonical family they are another name of. */
    private static final Map<String, String> FAMILIES = Map.of(
            "/api/v1/projects/", CANONICAL,
            "/api/v1/ontologies/", CANONICAL);

    /** Action names of the current SDK and the canonical action each is another name of. */
    private static final Map<String, String> ACTION_ALIASES = Map.of(
            "export-ontology", "export-project",
            "import-ontology", "import-project");

    /** The first word of every action (never a workspace id: projects/ProjectIds owns the list). */
    public static final Set<String> ACTION_WORDS = ProjectIds.ACTION_WORDS;

    private RouteTable() {
    }

    /** The canonical path of {@code path} (already without the hosted prefix), or {@code path} itself. */
    public static String canonical(String path, String defaultWorkspace) {
        for (var family : FAMILIES.entrySet()) {
            if (path.startsWith(family.getKey())) {
                return family.getValue() + withWorkspace(path.substring(family.getKey().length()), defaultWorkspace);
            }
        }
        return path;
    }

    /** {@code ws/action/...} from {@code action/...} or {@code ws/action/...}, with the action's canonical name. */
    private static String withWorkspace(String rest, String defaultWorkspace) {
        String[] parts = rest.split("/", -1);
        int action = ACTION_WORDS.contains(parts[0]) ? 0 : 1;
        if (action < parts.length) {
            parts[action] = ACTION_ALIASES.getOrDefault(parts[action], parts[action]);
        }
        String joined = String.join("/", parts);
        return action == 0 ? defaultWorkspace + "/" + joined : joined;
    }
}
