package io.projectservice.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The four spellings of every route: two prefixes (self-hosted, hosted) times two layouts
 * (workspace in the path, or the default workspace).
 */
public enum Api {
    SELF_HOSTED_SEED, SELF_HOSTED_NEW, HOSTED_SEED, HOSTED_NEW;

    public String path(String user, String org, String workspace, String action) {
        String prefix = this == HOSTED_SEED || this == HOSTED_NEW ? "/jarvispy/" + org + "/" + user + "/api/v1"
                : "/api/v1";
        boolean seed = this == SELF_HOSTED_SEED || this == HOSTED_SEED;
        return prefix + "/projects/" + (seed ? workspace + "/" : "") + action;
    }

    /** The workspace a request through this spelling acts on. */
    public String workspace(String seedWorkspace) {
        return this == SELF_HOSTED_SEED || this == HOSTED_SEED ? seedWorkspace : "default";
    }

    public static RequestSpecification as(String user, String org) {
        return given().header("Authorization", Tokens.bearer(user, org)).contentType(ContentType.JSON);
    }
}
