package io.projectservice.projects;

import io.projectservice.api.ApiException;
import io.projectservice.api.RouteTable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Project and workspace identifiers: generation and validation. */
public final class ProjectIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

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
            throw ApiException.badRequest("Field '" + field + "' is required");
        }
        if (!isValid(id)) {
            throw ApiException.badRequest("Invalid " + field + " '" + Scope.abbreviate(id)
                    + "': use 1 to 64 letters, digits, '-' or '_'");
        }
        return id;
    }

    public static String requireWorkspace(String workspaceId) {
        if (!isValid(workspaceId) || RouteTable.ACTION_WORDS.contains(workspaceId)) {
            throw ApiException.badRequest("Invalid workspace id '" + Scope.abbreviate(String.valueOf(workspaceId))
                    + "': use 1 to 64 letters, digits, '-' or '_' (and not a reserved word)");
        }
        return workspaceId;
    }
}
