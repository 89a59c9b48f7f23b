package io.projectservice.projects;

import io.projectservice.errors.Refusal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/** Project and workspace identifiers: generation and validation. */
public final class ProjectIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * The first word of every action of the API's routes; a path whose first segment is one of
     * them names no workspace, so none of them is ever a workspace id.
     */
    public static final Set<String> ACTION_WORDS = Set.of("save", "list", "load", "history", "create-from-context",
            "export-project", "import-project", "export-ontology", "import-ontology", "copy", "cleanup",
            "list-templates", "import-template", "snapshots", "export-workspace", "import-workspace", "share");

    private ProjectIds() {
    }

    /** 11 lowercase hex characters (44 random bits). */
    public static String generate() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).substring(0, 11);
    }

    /**
     * The id of the project an analysis job creates: 11 lowercase hex characters of the sha256 of
     * the job id. Derived, not drawn, so however many times (and by however many workers) a job is
     * completed, there is one id it can create, and a second creation is a conflict.
     */
    public static String forAnalysisJob(String jobId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("create-from-context/" + jobId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6).substring(0, 11);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean isValid(String id) {
        return id != null && CLIENT_ID.matcher(id).matches();
    }

    public static String requireProjectId(String id, String field) {
        if (id == null || id.isEmpty()) {
            throw Refusal.invalid("field_required", "Field '" + field + "' is required");
        }
        if (!isValid(id)) {
            throw Refusal.invalid("id_invalid", "Invalid " + field + " '" + Scope.abbreviate(id)
                    + "': use 1 to 64 letters, digits, '-' or '_'");
        }
        return id;
    }

    public static String requireWorkspace(String workspaceId) {
        if (!isValid(workspaceId) || ACTION_WORDS.contains(workspaceId)) {
            throw Refusal.invalid("workspace_id_invalid", "Invalid workspace id '"
                    + Scope.abbreviate(String.valueOf(workspaceId))
                    + "': use 1 to 64 letters, digits, '-' or '_' (and not a reserved word)");
        }
        return workspaceId;
    }
}
