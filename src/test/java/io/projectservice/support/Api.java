package io.projectservice.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Spellings of every route: two prefixes (self-hosted, hosted) times two layouts (workspace in
 * the path, or the default workspace) of the {@code /projects} family, and the current SDK's
 * {@code /ontologies} family on the default workspace (self-hosted) and with a workspace (hosted).
 */
public enum Api {
    SELF_HOSTED_SEED(false, "projects", true), SELF_HOSTED_NEW(false, "projects", false),
    HOSTED_SEED(true, "projects", true), HOSTED_NEW(true, "projects", false),
    SELF_HOSTED_ONTOLOGIES(false, "ontologies", false), HOSTED_ONTOLOGIES_WS(true, "ontologies", true);

    private final boolean hosted;
    private final String family;
    private final boolean withWorkspace;

    Api(boolean hosted, String family, boolean withWorkspace) {
        this.hosted = hosted;
        this.family = family;
        this.withWorkspace = withWorkspace;
    }

    public String path(String user, String org, String workspace, String action) {
        String prefix = hosted ? "/jarvispy/" + org + "/" + user + "/api/v1" : "/api/v1";
        return prefix + "/" + family + "/" + (withWorkspace ? workspace + "/" : "") + action;
    }

    /** The workspace a request through this spelling acts on. */
    public String workspace(String seedWorkspace) {
        return withWorkspace ? seedWorkspace : "default";
    }

    public boolean hosted() {
        return hosted;
    }

    public boolean namesWorkspace() {
        return withWorkspace;
    }

    public static RequestSpecification as(String user, String org) {
        return given().header("Authorization", Tokens.bearer(user, org)).contentType(ContentType.JSON);
    }
}
