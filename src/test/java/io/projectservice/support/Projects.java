package io.projectservice.support;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One caller's view of the API through one route spelling and workspace: the save, load, export,
 * import and cleanup calls the tests make over and over, each expecting success unless it says
 * otherwise (the raw {@link #request()} is there for the rest).
 */
public record Projects(Api api, String user, String org, String workspace) {

    /** The self-hosted prefix with the workspace in the path. */
    public static Projects of(String user, String org, String workspace) {
        return new Projects(Api.SELF_HOSTED_SEED, user, org, workspace);
    }

    public static Projects of(Api api, String user, String org, String workspace) {
        return new Projects(api, user, org, workspace);
    }

    public String path(String action) {
        return api.path(user, org, workspace, action);
    }

    /** A request with this caller's bearer token and a JSON content type. */
    public RequestSpecification request() {
        return Api.as(user, org);
    }

    /** Saves {@code {"project": project}} and answers the project's id. */
    public String save(Map<String, ?> project) {
        return request().body(Map.of("project", project)).post(path("save"))
                .then().statusCode(200).extract().path("data.project_id");
    }

    /** Saves a new project with only a name (user scope). */
    public String create(String name) {
        return save(Map.of("name", name));
    }

    /** Saves {@code fields} onto the existing project {@code id}; answers the new version. */
    public int update(String id, Map<String, ?> fields) {
        Map<String, Object> project = new HashMap<>(fields);
        project.put("id", id);
        return request().body(Map.of("project", project)).post(path("save"))
                .then().statusCode(200).extract().path("data.version");
    }

    public Map<String, Object> load(String id) {
        return load(id, null);
    }

    /** {@code load}'s data, at {@code version} when not null. */
    public Map<String, Object> load(String id, Integer version) {
        RequestSpecification request = request().queryParam("project_id", id);
        if (version != null) {
            request.queryParam("version", version);
        }
        return data(request.get(path("load")).then().statusCode(200).extract().as(Map.class));
    }

    public Map<String, Object> export(String id) {
        return data(request().body(Map.of("project_id", id)).post(path("export-project"))
                .then().statusCode(200).extract().as(Map.class));
    }

    /** Imports a bundle; answers the new project's id. */
    public String importBundle(Object bundle, boolean forceNewId) {
        return request().body(Map.of("export_data", bundle, "force_new_id", forceNewId)).post(path("import-project"))
                .then().statusCode(200).extract().path("data.new_project_id");
    }

    /** {@code cleanup} of one project ({@code id} not null) or of every project of the scope. */
    public Response cleanup(String id, String scope) {
        Map<String, Object> project = new HashMap<>();
        if (id != null) {
            project.put("id", id);
        }
        if (scope != null) {
            project.put("scope", scope);
        }
        return request().body(Map.of("project", project)).post(path("cleanup"));
    }

    /** The envelope's data, read by Jackson (numbers as Integer, Long or Double, as they were sent). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> data(Map<?, ?> envelope) {
        return (Map<String, Object>) envelope.get("data");
    }

    /** A table of an export bundle: its rows and their count (no schema: imports do not need one). */
    public static Map<String, Object> table(List<? extends Map<String, ?>> rows) {
        return Map.of("data", rows, "row_count", rows.size());
    }
}
