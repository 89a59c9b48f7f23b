import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Delete then re-create an id: a project of the organization, made a template, snapshotted and
 * changed, is deleted; a new project is saved under its id. No endpoint may show anything of the
 * old one: every answer is searched for a marker only the old one carried, and versions, history,
 * snapshots, as_of, ETag/If-Match, export, copy, list, list-templates and export-workspace are
 * checked one by one. The event topic goes on without a gap and names the new incarnation.
 */
final class Reincarnation implements Reliability.Scenario {
    static final String WS = "rel-reborn";
    static final String P = "/api/v1/projects/" + WS + "/";

    private Http http;
    private String token;
    private final List<String> problems = new ArrayList<>();
    private String marker;
    private int answers;
    /** Set once the first life is deleted: from then on no answer may show its marker. */
    private boolean deleted;

    @Override
    public String name() {
        return "reincarnation";
    }

    @Override
    public void run(Reliability.Ctx ctx, Reliability.Result result) throws Exception {
        http = ctx.http();
        token = ctx.tokens().of("phoenix", "acme");
        marker = "old-life-" + System.nanoTime();
        String id = "reborn-" + System.nanoTime();

        expect(200, post("save", Map.of("project", Map.of("id", id, "name", "Old " + marker, "scope", "organization",
                "description", marker, "metadata", Map.of("is_template", true, "secret", marker)))));
        String snapshot = Json.str(expect(200, post("snapshots/create", Map.of("project_id", id, "scope",
                "organization", "description", marker))).json(), "data", "snapshot_id");
        expect(200, post("save", Map.of("project", Map.of("id", id, "scope", "organization",
                "description", marker + " changed"))));
        String oldTime = OffsetDateTime.now().toString();
        expect(200, post("cleanup", Map.of("project", Map.of("id", id, "scope", "organization"))));
        deleted = true;
        Log.sleep(20);

        expect(409, post("save", Map.of("project", Map.of("id", id, "name", "stale", "scope", "organization")),
                "\"3\""));
        Http.Resp reborn = expect(200, post("save", Map.of("project", Map.of("id", id, "name", "New life",
                "scope", "organization", "description", "new")), "\"0\""));
        same("save version", 1, Json.integer(reborn.json(), "data", "version"));
        same("save ETag", "\"1\"", reborn.header("ETag"));

        Http.Resp load = expect(200, get("load?scope=organization&project_id=" + id));
        same("load version", 1, Json.integer(load.json(), "data", "version"));
        same("load ETag", "\"1\"", load.header("ETag"));
        same("load snapshots", 0, Json.integer(load.json(), "data", "snapshots"));
        same("load version=1", "New life",
                Json.str(expect(200, get("load?scope=organization&version=1&project_id=" + id)).json(), "data", "name"));
        expect(400, get("load?scope=organization&version=2&project_id=" + id));
        expect(404, get("load?scope=organization&project_id=" + id + "&as_of="
                + java.net.URLEncoder.encode(oldTime, java.nio.charset.StandardCharsets.UTF_8)));
        Http.Resp history = expect(200, get("history?scope=organization&project_id=" + id));
        same("history length", 1, ((List<?>) Json.path(history.json(), "data")).size());
        same("history version", 1, Json.integer(history.json(), "data", 0, "version"));
        same("snapshots/list", List.of(), Json.path(expect(200, get("snapshots/list?scope=organization&project_id="
                + id)).json(), "data"));
        expect(404, post("snapshots/restore", Map.of("project_id", id, "scope", "organization", "snapshot_id",
                snapshot)));
        expect(404, post("snapshots/delete", Map.of("project_id", id, "scope", "organization", "snapshot_id",
                snapshot)));
        Http.Resp export = expect(200, post("export-project", Map.of("project_id", id, "scope", "organization")));
        same("export events", 1, ((List<?>) Json.path(export.json(), "data", "tables", "events", "data")).size());
        String copy = Json.str(expect(200, post("copy", Map.of("project_id", id, "target_scope", "organization")))
                .json(), "data", "new_project_id");
        Http.Resp copied = expect(200, get("load?scope=organization&project_id=" + copy));
        same("copy origin version", 1, Json.integer(copied.json(), "data", "origin", "version"));
        Http.Resp list = expect(200, get("list?scopes=organization&limit=1000"));
        for (Object item : (List<?>) Json.path(list.json(), "data")) {
            if (id.equals(Json.str(item, "id"))) {
                same("list version", 1, Json.integer(item, "version"));
            }
        }
        Http.Resp templates = expect(200, get("list-templates"));
        for (Object item : (List<?>) Json.path(templates.json(), "data")) {
            if (id.equals(Json.str(item, "id"))) {
                problems.add("list-templates lists the new project as the old one's template");
            }
        }
        expect(200, post("export-workspace?limit=1000", Map.of("scope", "organization")));
        expect(200, post("save", Map.of("project", Map.of("id", id, "scope", "organization", "description", "v2")),
                "\"1\""));

        List<String> topic = TopicRecords.values(ctx.checks().kafka(), id);
        for (double t0 = Log.now(); topic.size() < 6 && Log.now() - t0 < 30; ) {
            Log.sleep(500);
            topic = TopicRecords.values(ctx.checks().kafka(), id);
        }
        List<Integer> sequences = new ArrayList<>();
        topic.forEach(v -> sequences.add(Json.integer(Json.tryParse(v), "sequence")));
        Object last = topic.isEmpty() ? null : Json.tryParse(topic.get(topic.size() - 1));
        result.number("%d answers after the deletion checked, %d with a trace of the old project", answers,
                problems.stream().filter(p -> p.contains("trace")).count());
        result.number("topic sequences %s, last incarnation %s projectversion %s", sequences,
                Json.str(last, "incarnation"), Json.str(last, "projectversion"));
        result.require(sequences.equals(List.of(1, 2, 3, 4, 5, 6)) || sequences.size() > 6
                && sequences.containsAll(List.of(1, 2, 3, 4, 5, 6)), "the topic's sequences are %s", sequences);
        result.require("2".equals(Json.str(last, "incarnation")) && "2".equals(Json.str(last, "projectversion")),
                "the last record names incarnation %s, projectversion %s", Json.str(last, "incarnation"),
                Json.str(last, "projectversion"));
        problems.forEach(p -> result.require(false, "%s", p));
    }

    private Http.Resp expect(int status, Http.Resp r) {
        answers += deleted ? 1 : 0;
        if (r.status() != status) {
            problems.add("expected " + status + ", got " + r.outcome() + ": " + r.shortBody());
        }
        if (deleted && r.body() != null && r.body().contains(marker)) {
            problems.add("a trace of the old project in " + r.shortBody());
        }
        return r;
    }

    private void same(String what, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            problems.add(what + ": expected " + expected + ", got " + actual);
        }
    }

    private Http.Resp post(String action, Object body) {
        return post(action, body, null);
    }

    private Http.Resp post(String action, Object body, String ifMatch) {
        Http.Req r = http.post(P + action).bearer(token).json(body);
        if (ifMatch != null) {
            r.header("If-Match", ifMatch);
        }
        return r.send();
    }

    private Http.Resp get(String action) {
        return http.get(P + action).bearer(token).send();
    }
}
