import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A corpus of bad requests across every endpoint: bad tokens, bad JSON, bad ids, bad scopes and
 * bad files. Each must answer its 4xx in the JSON envelope (data null, a message, no stack trace),
 * and leave the log as it was. Requests refused before anything is stored also leave the analysis
 * tables as they were; uploads whose every file is unusable (zip bombs, corrupt files) are refused
 * by the analysis (422) and leave one failed job behind, but no project.
 */
final class BadRequests implements Reliability.Scenario {
    static final String WS = "rel-bad";
    static final String P = "/api/v1/projects/" + WS + "/";
    static final String ORG = "acme";
    static final int MIB = 1024 * 1024;

    /** One bad request: what it is, the status it must get, and whether it leaves a failed analysis job. */
    record Case(String category, String name, int expected, boolean failedJob, Supplier<Http.Resp> request) {
    }

    private final List<Case> cases = new ArrayList<>();
    private Http http;
    private Tokens tokens;
    private String ann;

    @Override
    public String name() {
        return "bad-requests";
    }

    @Override
    public void run(Reliability.Ctx ctx, Reliability.Result result) throws Exception {
        http = ctx.http();
        tokens = ctx.tokens();
        ann = tokens.of("ann", ORG);
        Fixtures f = fixtures();
        corpus(f);
        Log.info("  %d bad requests", cases.size());

        String countsSql = "SELECT (SELECT count(*) FROM project_events), (SELECT count(*) FROM project_streams),"
                + " (SELECT count(*) FROM analysis_jobs), (SELECT count(*) FROM analysis_uploads),"
                + " (SELECT count(*) FROM analysis_outbox), (SELECT count(*) FROM analysis_jobs WHERE state = 'failed')";
        Map<String, int[]> byCategory = new TreeMap<>();
        int passed = 0;
        int fivexx = 0;
        int wrongStatus = 0;
        long logBefore = ctx.db().count("SELECT count(*) FROM project_events");
        List<String> report = new ArrayList<>();
        report.add("category result expected got case");
        for (Case c : cases) {
            String[] before = ctx.db().rows(countsSql).get(0);
            Http.Resp r = c.request().get();
            String[] after = ctx.db().rows(countsSql).get(0);
            List<String> wrong = new ArrayList<>();
            if (r.status() >= 500 || r.status() == 0) {
                fivexx++;
            }
            if (r.status() != c.expected()) {
                wrong.add("status " + r.outcome() + ", expected " + c.expected());
                wrongStatus++;
            }
            if (r.status() < 400 || r.status() >= 500) {
                wrong.add("not a 4xx");
            }
            if (!r.errorEnvelope()) {
                wrong.add("not the error envelope: " + r.shortBody());
            }
            if (!before[0].equals(after[0]) || !before[1].equals(after[1])) {
                wrong.add("the log changed: events " + before[0] + " -> " + after[0]);
            }
            if (c.failedJob()) {
                if (Long.parseLong(after[2]) - Long.parseLong(before[2]) != 1
                        || Long.parseLong(after[5]) - Long.parseLong(before[5]) != 1) {
                    wrong.add("expected one failed analysis job, jobs " + before[2] + " -> " + after[2]);
                }
            } else if (!Arrays.equals(Arrays.copyOfRange(before, 2, 5), Arrays.copyOfRange(after, 2, 5))) {
                wrong.add("analysis tables changed: jobs " + before[2] + " -> " + after[2]);
            }
            report.add(String.format("%-6s %-4s %3d %-6s %s%s", c.category(), wrong.isEmpty() ? "ok" : "FAIL",
                    c.expected(), r.outcome(), c.name(), wrong.isEmpty() ? "" : "  -- " + String.join("; ", wrong)));
            int[] counts = byCategory.computeIfAbsent(c.category(), k -> new int[2]);
            counts[1]++;
            if (wrong.isEmpty()) {
                passed++;
                counts[0]++;
            } else {
                result.problems.add(c.category() + " / " + c.name() + ": " + String.join("; ", wrong));
            }
        }
        long logAfter = ctx.db().count("SELECT count(*) FROM project_events");
        java.nio.file.Files.write(ctx.logs().resolve("bad-requests.txt"), report);
        StringBuilder categories = new StringBuilder();
        byCategory.forEach((k, v) -> categories.append(categories.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(v[0]).append('/').append(v[1]));
        Log.info("  by category: %s", categories);
        result.number("%d/%d bad requests answered their 4xx in the envelope", passed, cases.size());
        result.number("%s", categories);
        result.number("5xx %d, other status than expected %d", fivexx, wrongStatus);
        result.number("log %d -> %d events", logBefore, logAfter);
        result.require(cases.size() >= 100, "only %d cases", cases.size());
        result.require(fivexx == 0, "%d answers were 5xx or none", fivexx);
        result.require(logBefore == logAfter, "the log grew from %d to %d events", logBefore, logAfter);
    }

    /** What the corpus refers to: projects of ann (acme), an export bundle, a finished job. */
    record Fixtures(String userProject, String orgProject, Object bundle, String job) {
    }

    private Fixtures fixtures() {
        String p1 = Json.str(post("save", ann, Json.obj("project", Json.obj("name", "bad-requests user project")))
                .json(), "data", "project_id");
        String p2 = Json.str(post("save", ann, Json.obj("project", Json.obj("name", "bad-requests org project",
                "scope", "organization"))).json(), "data", "project_id");
        Object bundle = Json.path(post("export-project", ann, Json.obj("project_id", p1)).json(), "data");
        Http.Resp job = http.post(P + "create-from-context?wait=20").bearer(ann)
                .form(Map.of("context", "Suppliers deliver parts to factories.")).timeout(java.time.Duration
                        .ofSeconds(40)).send();
        String jobId = Json.str(job.json(), "data", "analysis", "job_id");
        if (p1 == null || p2 == null || bundle == null || jobId == null) {
            throw new IllegalStateException("fixtures failed: " + p1 + " " + p2 + " " + (bundle != null) + " "
                    + job.outcome() + " " + job.shortBody());
        }
        return new Fixtures(p1, p2, bundle, jobId);
    }

    private Http.Resp post(String action, String token, Object body) {
        return http.post(P + action).bearer(token).json(body).send();
    }

    private void add(String category, String name, int expected, Supplier<Http.Resp> request) {
        cases.add(new Case(category, name, expected, false, request));
    }

    private void addFailedJob(String category, String name, Supplier<Http.Resp> request) {
        cases.add(new Case(category, name, 422, true, request));
    }

    private Http.Req save(String token) {
        return http.post(P + "save").bearer(token);
    }

    private Map<String, Object> project(Object... kv) {
        return Json.obj("project", Json.obj(kv));
    }

    private void corpus(Fixtures f) {
        String p1 = f.userProject();
        String p2 = f.orgProject();
        Object okSave = project("name", "x");
        String bob = tokens.of("bob", "other");
        String cid = tokens.of("cid", ORG);

        // ---- tokens ------------------------------------------------------------------------
        String t = "token";
        add(t, "none: save", 401, () -> http.post(P + "save").json(okSave).send());
        add(t, "none: list", 401, () -> http.get(P + "list").send());
        add(t, "none: load", 401, () -> http.get(P + "load?project_id=" + p1).send());
        add(t, "none: copy", 401, () -> http.post(P + "copy").json(Json.obj("project_id", p1)).send());
        add(t, "none: cleanup", 401, () -> http.post(P + "cleanup").json(Json.obj("project", Json.obj("id", p1)))
                .send());
        add(t, "none: export-project", 401, () -> http.post(P + "export-project").json(Json.obj("project_id", p1))
                .send());
        add(t, "none: import-project", 401, () -> http.post(P + "import-project").json(Json.obj("export_data",
                f.bundle())).send());
        add(t, "none: create-from-context", 401, () -> http.post(P + "create-from-context")
                .form(Map.of("context", "text")).send());
        add(t, "none: job status", 401, () -> http.get(P + "create-from-context/jobs/" + f.job()).send());
        add(t, "empty bearer", 401, () -> http.post(P + "save").header("Authorization", "Bearer ").json(okSave).send());
        add(t, "garbage", 401, () -> http.post(P + "save").header("Authorization", "Bearer not.a.jwt").json(okSave)
                .send());
        add(t, "basic auth", 401, () -> http.post(P + "save").header("Authorization", "Basic YW5uOnB3").json(okSave)
                .send());
        add(t, "three random segments", 401, () -> save("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.AAAA").json(okSave)
                .send());
        add(t, "expired: save", 401, () -> save(tokens.expired("ann", ORG)).json(okSave).send());
        add(t, "expired: list", 401, () -> http.get(P + "list").bearer(tokens.expired("ann", ORG)).send());
        add(t, "expired: load", 401, () -> http.get(P + "load?project_id=" + p1).bearer(tokens.expired("ann", ORG))
                .send());
        add(t, "not yet valid", 401, () -> save(tokens.notYetValid("ann", ORG)).json(okSave).send());
        add(t, "wrong key: save", 401, () -> save(tokens.wrongKey("ann", ORG)).json(okSave).send());
        add(t, "wrong key: list", 401, () -> http.get(P + "list").bearer(tokens.wrongKey("ann", ORG)).send());
        add(t, "wrong key: create-from-context", 401, () -> http.post(P + "create-from-context")
                .bearer(tokens.wrongKey("ann", ORG)).multipart(new Http.Multipart().field("context", "text")).send());
        add(t, "alg none: save", 401, () -> save(tokens.algNone("ann", ORG, false)).json(okSave).send());
        add(t, "alg none: list", 401, () -> http.get(P + "list").bearer(tokens.algNone("ann", ORG, false)).send());
        add(t, "alg none with a real signature", 401, () -> save(tokens.algNone("ann", ORG, true)).json(okSave)
                .send());
        add(t, "HS256 keyed with the public key", 401, () -> save(tokens.hs256WithPublicKey("ann", ORG)).json(okSave)
                .send());
        add(t, "another issuer", 401, () -> save(tokens.otherIssuer("ann", ORG)).json(okSave).send());
        add(t, "payload swapped, signature kept", 401, () -> save(tokens.tampered("ann", ORG, "root")).json(okSave)
                .send());
        add(t, "no organization claim, organization scope", 403, () -> save(tokens.withoutOrganization("loner"))
                .json(project("name", "x", "scope", "organization")).send());
        add(t, "other organization: load user project", 404, () -> http.get(P + "load?project_id=" + p1).bearer(bob)
                .send());
        add(t, "other organization: load organization project", 404, () -> http.get(P + "load?project_id=" + p2
                + "&scope=organization").bearer(bob).send());
        add(t, "other organization: save over its id", 409, () -> save(bob).json(project("id", p2, "name", "mine",
                "scope", "organization")).send());
        add(t, "other organization: copy", 404, () -> http.post(P + "copy").bearer(bob).json(Json.obj("project_id",
                p1)).send());
        add(t, "other organization: export", 404, () -> http.post(P + "export-project").bearer(bob)
                .json(Json.obj("project_id", p2, "scope", "organization")).send());
        add(t, "other organization: cleanup", 404, () -> http.post(P + "cleanup").bearer(bob)
                .json(Json.obj("project", Json.obj("id", p2, "scope", "organization"))).send());
        add(t, "other organization: job status", 404, () -> http.get(P + "create-from-context/jobs/" + f.job())
                .bearer(bob).send());
        add(t, "same organization, another user's project", 404, () -> http.get(P + "load?project_id=" + p1)
                .bearer(cid).send());
        add(t, "hosted prefix of another user", 403, () -> http.get("/jarvispy/acme/ann/api/v1/projects/" + WS
                + "/list").bearer(bob).send());
        add(t, "hosted prefix of another organization", 403, () -> http.post("/jarvispy/other/ann/api/v1/projects/"
                + WS + "/save").bearer(ann).json(okSave).send());

        // ---- JSON ----------------------------------------------------------------------------
        String j = "json";
        add(j, "malformed", 400, () -> save(ann).json("{\"project\": {\"name\": \"x\"").send());
        add(j, "not JSON at all", 400, () -> save(ann).json("name=x").send());
        add(j, "a list", 400, () -> save(ann).json("[]").send());
        add(j, "empty body", 400, () -> save(ann).raw("application/json", new byte[0]).send());
        add(j, "null", 400, () -> save(ann).json("null").send());
        add(j, "a string", 400, () -> save(ann).json("\"project\"").send());
        add(j, "a number", 400, () -> save(ann).json("42").send());
        add(j, "project is a string", 400, () -> save(ann).json(Json.obj("project", "x")).send());
        add(j, "project is a list", 400, () -> save(ann).json(Json.obj("project", List.of("x"))).send());
        add(j, "project is null", 400, () -> save(ann).json("{\"project\": null}").send());
        add(j, "name is a number", 400, () -> save(ann).json(project("name", 42)).send());
        add(j, "name is an object", 400, () -> save(ann).json(project("name", Json.obj("a", 1))).send());
        add(j, "name is a list", 400, () -> save(ann).json(project("name", List.of("a"))).send());
        add(j, "name is a boolean", 400, () -> save(ann).json(project("name", true)).send());
        add(j, "description is a list", 400, () -> save(ann).json(project("name", "x", "description", List.of()))
                .send());
        add(j, "metadata is a list", 400, () -> save(ann).json(project("name", "x", "metadata", List.of(1, 2)))
                .send());
        add(j, "metadata is a string", 400, () -> save(ann).json(project("name", "x", "metadata", "m")).send());
        add(j, "metadata is a number", 400, () -> save(ann).json(project("name", "x", "metadata", 7)).send());
        add(j, "id is a number", 400, () -> save(ann).json(project("id", 12345, "name", "x")).send());
        add(j, "scope is a number", 400, () -> save(ann).json(project("name", "x", "scope", 1)).send());
        add(j, "name missing", 400, () -> save(ann).json(project("description", "d")).send());
        add(j, "name blank", 400, () -> save(ann).json(project("name", "   ")).send());
        add(j, "name of 201 characters", 400, () -> save(ann).json(project("name", "n".repeat(201))).send());
        add(j, "description of 20,001 characters", 400, () -> save(ann).json(project("name", "x", "description",
                "d".repeat(20_001))).send());
        add(j, "metadata of 70 KB", 400, () -> save(ann).json(project("name", "x", "metadata", Json.obj("blob",
                "b".repeat(70_000)))).send());
        add(j, "huge: body of 11 MiB", 413, () -> save(ann).json("{\"project\":{\"name\":\"x\",\"description\":\""
                + "d".repeat(11 * MIB) + "\"}}").send());
        add(j, "huge: nested 5,000 deep", 400, () -> save(ann).json("{\"project\":{\"name\":\"x\",\"metadata\":"
                + "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + "}}").send());
        add(j, "huge: a number of 5,000 digits", 400, () -> save(ann).json("{\"project\":{\"name\":\"x\","
                + "\"metadata\":{\"n\":" + "9".repeat(5000) + "}}}").send());
        add(j, "huge: 200,000 metadata keys", 400, () -> save(ann).json(manyKeys(200_000)).send());
        add(j, "invalid UTF-8", 400, () -> save(ann).raw("application/json",
                concat("{\"project\":{\"name\":\"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff,
                        (byte) 0xfe}, "\"}}".getBytes(StandardCharsets.UTF_8))).send());
        add(j, "NUL character in the name", 400, () -> save(ann).json(project("name", "a\u0000b")).send());
        add(j, "NUL character in a metadata value", 400, () -> save(ann).json(project("name", "x", "metadata",
                Json.obj("k", "v\u0000"))).send());
        add(j, "NUL character in a copy's new name", 400, () -> http.post(P + "copy").bearer(ann)
                .json(Json.obj("project_id", p1, "new_project_name", "c\u0000")).send());
        add(j, "content type text/plain", 415, () -> save(ann).raw("text/plain",
                "{\"project\":{\"name\":\"x\"}}".getBytes(StandardCharsets.UTF_8)).send());
        add(j, "content type application/xml", 415, () -> save(ann).raw("application/xml",
                "<project><name>x</name></project>".getBytes(StandardCharsets.UTF_8)).send());
        add(j, "If-Match not a version", 400, () -> save(ann).header("If-Match", "\"abc\"").json(project("id", p1,
                "name", "x")).send());
        add(j, "If-Match stale", 409, () -> save(ann).header("If-Match", "\"999\"").json(project("id", p1,
                "name", "changed")).send());
        add(j, "list: limit not a number", 400, () -> http.get(P + "list?limit=abc").bearer(ann).send());
        add(j, "list: limit 0", 400, () -> http.get(P + "list?limit=0").bearer(ann).send());
        add(j, "list: limit too big for an int", 400, () -> http.get(P + "list?limit=99999999999").bearer(ann).send());
        add(j, "list: cursor not handed out", 400, () -> http.get(P + "list?cursor=zzzz").bearer(ann).send());
        add(j, "load: version not a number", 400, () -> http.get(P + "load?project_id=" + p1 + "&version=two")
                .bearer(ann).send());
        add(j, "load: version 0", 400, () -> http.get(P + "load?project_id=" + p1 + "&version=0").bearer(ann).send());
        add(j, "copy: malformed", 400, () -> http.post(P + "copy").bearer(ann).json("{\"project_id\":").send());
        add(j, "copy: no project_id", 400, () -> http.post(P + "copy").bearer(ann).json(Json.obj("new_project_name",
                "x")).send());
        add(j, "copy: project_id a number", 400, () -> http.post(P + "copy").bearer(ann).json(Json.obj("project_id",
                5)).send());
        add(j, "copy: new name of 201 characters", 400, () -> http.post(P + "copy").bearer(ann)
                .json(Json.obj("project_id", p1, "new_project_name", "n".repeat(201))).send());
        add(j, "copy: unknown project", 404, () -> http.post(P + "copy").bearer(ann).json(Json.obj("project_id",
                "doesnotexist")).send());
        add(j, "cleanup: malformed", 400, () -> http.post(P + "cleanup").bearer(ann).json("{\"project\":{").send());
        add(j, "cleanup: project a list", 400, () -> http.post(P + "cleanup").bearer(ann)
                .json(Json.obj("project", List.of(p1))).send());
        add(j, "cleanup: unknown project", 404, () -> http.post(P + "cleanup").bearer(ann)
                .json(Json.obj("project", Json.obj("id", "doesnotexist"))).send());
        add(j, "export: no body", 400, () -> http.post(P + "export-project").bearer(ann).raw("application/json",
                new byte[0]).send());
        add(j, "export: project_id missing", 400, () -> http.post(P + "export-project").bearer(ann)
                .json(Json.obj("scope", "user")).send());
        add(j, "export: project_id a list", 400, () -> http.post(P + "export-project").bearer(ann)
                .json(Json.obj("project_id", List.of(p1))).send());
        add(j, "export: unknown project", 404, () -> http.post(P + "export-project").bearer(ann)
                .json(Json.obj("project_id", "doesnotexist")).send());
        add(j, "import: no export_data", 400, () -> http.post(P + "import-project").bearer(ann)
                .json(Json.obj("scope", "user")).send());
        add(j, "import: export_data a string", 400, () -> http.post(P + "import-project").bearer(ann)
                .json(Json.obj("export_data", "hello")).send());
        add(j, "import: export_data a list", 400, () -> http.post(P + "import-project").bearer(ann)
                .json(Json.obj("export_data", List.of(1))).send());
        add(j, "import: no tables", 422, () -> http.post(P + "import-project").bearer(ann)
                .json(Json.obj("export_data", Json.obj("tables", Json.obj()))).send());
        add(j, "import: nameless project", 422, () -> http.post(P + "import-project").bearer(ann)
                .json(Json.obj("export_data", Json.obj("tables", Json.obj("project", Json.obj("data",
                        List.of(Json.obj("id", "p1"))))))).send());
        add(j, "import: project rows not a list", 422, () -> http.post(P + "import-project").bearer(ann)
                .json(Json.obj("export_data", Json.obj("tables", Json.obj("project", Json.obj("data", "x"))))).send());
        add(j, "import: force_new_id a string", 400, () -> http.post(P + "import-project").bearer(ann)
                .json(Json.obj("export_data", f.bundle(), "force_new_id", "yes please")).send());
        add(j, "import: malformed", 400, () -> http.post(P + "import-project").bearer(ann)
                .json("{\"export_data\": {\"tables\": ").send());

        // ---- ids -----------------------------------------------------------------------------
        String i = "ids";
        add(i, "save: id traversal", 400, () -> save(ann).json(project("id", "../../etc/passwd", "name", "x")).send());
        add(i, "save: id of 65 characters", 400, () -> save(ann).json(project("id", "a".repeat(65), "name", "x"))
                .send());
        add(i, "save: id of 10,000 characters", 400, () -> save(ann).json(project("id", "a".repeat(10_000), "name",
                "x")).send());
        add(i, "save: id with SQL", 400, () -> save(ann).json(project("id", "x'; DROP TABLE project_events; --",
                "name", "x")).send());
        add(i, "save: id with a slash", 400, () -> save(ann).json(project("id", "a/b", "name", "x")).send());
        add(i, "save: id in another script", 400, () -> save(ann).json(project("id", "проект", "name", "x")).send());
        add(i, "load: id traversal", 400, () -> http.get(P + "load?project_id=..%2F..%2Fetc%2Fpasswd").bearer(ann)
                .send());
        add(i, "load: id of 1,000 characters", 400, () -> http.get(P + "load?project_id=" + "a".repeat(1000))
                .bearer(ann).send());
        add(i, "load: id with NUL", 400, () -> http.get(P + "load?project_id=%00").bearer(ann).send());
        add(i, "load: id with SQL", 400, () -> http.get(P + "load?project_id=x%27%20OR%20%271%27%3D%271")
                .bearer(ann).send());
        add(i, "copy: id traversal", 400, () -> http.post(P + "copy").bearer(ann).json(Json.obj("project_id",
                "../" + p1)).send());
        add(i, "copy: source workspace traversal", 400, () -> http.post(P + "copy").bearer(ann)
                .json(Json.obj("project_id", p1, "workspace_id", "../other")).send());
        add(i, "cleanup: id traversal", 400, () -> http.post(P + "cleanup").bearer(ann)
                .json(Json.obj("project", Json.obj("id", "../*"))).send());
        add(i, "export: id traversal", 400, () -> http.post(P + "export-project").bearer(ann)
                .json(Json.obj("project_id", "..\\..\\x")).send());
        add(i, "workspace: encoded traversal", 400, () -> http.get("/api/v1/projects/..%2F..%2Fetc/list").bearer(ann)
                .send());
        add(i, "workspace: 65 characters", 400, () -> http.get("/api/v1/projects/" + "w".repeat(65) + "/list")
                .bearer(ann).send());
        add(i, "workspace: 5,000 characters", 400, () -> http.get("/api/v1/projects/" + "w".repeat(5000) + "/list")
                .bearer(ann).send());
        add(i, "workspace: punctuation", 400, () -> http.post("/api/v1/projects/b@d/save").bearer(ann).json(okSave)
                .send());
        add(i, "path traversal", 404, () -> http.get(P + "..%2F..%2F..%2Fetc%2Fpasswd").bearer(ann).send());
        add(i, "job: id traversal", 400, () -> http.get(P + "create-from-context/jobs/..%2F..%2Fx").bearer(ann)
                .send());
        add(i, "job: id of 200 characters", 400, () -> http.get(P + "create-from-context/jobs/" + "j".repeat(200))
                .bearer(ann).send());
        add(i, "job: unknown", 404, () -> http.get(P + "create-from-context/jobs/doesnotexist").bearer(ann).send());
        add(i, "unknown endpoint", 404, () -> http.get(P + "nothing-here").bearer(ann).send());
        add(i, "wrong method: GET save", 405, () -> http.get(P + "save").bearer(ann).send());
        add(i, "wrong method: DELETE list", 405, () -> http.method("DELETE", P + "list").bearer(ann).send());

        // ---- scopes --------------------------------------------------------------------------
        String s = "scope";
        add(s, "save: admin", 400, () -> save(ann).json(project("name", "x", "scope", "admin")).send());
        add(s, "save: world", 400, () -> save(ann).json(project("name", "x", "scope", "world")).send());
        add(s, "save: moving a project to another scope", 409, () -> save(ann).json(project("id", p1, "name", "x",
                "scope", "organization")).send());
        add(s, "list: galaxy", 400, () -> http.get(P + "list?scopes=galaxy").bearer(ann).send());
        add(s, "list: user and galaxy", 400, () -> http.get(P + "list?scopes=user,galaxy").bearer(ann).send());
        add(s, "load: galaxy", 400, () -> http.get(P + "load?project_id=" + p1 + "&scope=galaxy").bearer(ann).send());
        add(s, "load: a user project asked for in organization scope", 404, () -> http.get(P + "load?project_id="
                + p1 + "&scope=organization").bearer(ann).send());
        add(s, "copy: target galaxy", 400, () -> http.post(P + "copy").bearer(ann).json(Json.obj("project_id", p1,
                "target_scope", "galaxy")).send());
        add(s, "copy: organization target without organization claim", 403, () -> http.post(P + "copy")
                .bearer(tokens.withoutOrganization("loner")).json(Json.obj("project_id", p1, "target_scope",
                        "organization")).send());
        add(s, "cleanup: all", 400, () -> http.post(P + "cleanup").bearer(ann).json(Json.obj("project",
                Json.obj("scope", "all"))).send());
        add(s, "export: galaxy", 400, () -> http.post(P + "export-project").bearer(ann).json(Json.obj("project_id",
                p1, "scope", "galaxy")).send());
        add(s, "import: galaxy", 400, () -> http.post(P + "import-project").bearer(ann).json(Json.obj("export_data",
                f.bundle(), "scope", "galaxy")).send());
        add(s, "create-from-context: everyone", 400, () -> http.post(P + "create-from-context").bearer(ann)
                .form(Map.of("context", "text", "scope", "everyone")).send());
        add(s, "create-from-context: organization without organization claim", 403, () -> http.post(P
                + "create-from-context").bearer(tokens.withoutOrganization("loner")).form(Map.of("context", "text",
                        "scope", "organization")).send());

        // ---- files (create-from-context) -------------------------------------------------------
        String fl = "files";
        String cfc = P + "create-from-context";
        String docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        String xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        addFailedJob(fl, "zip bomb (docx, 200 MB inflated)", () -> upload(new Http.Multipart().file("files",
                "bomb.docx", docx, docxBomb(200))));
        addFailedJob(fl, "zip bomb (xlsx, 200 MB inflated)", () -> upload(new Http.Multipart().file("files",
                "bomb.xlsx", xlsx, xlsxBomb(200))));
        addFailedJob(fl, "zip archive (50 MB inflated)", () -> upload(new Http.Multipart().file("files", "bomb.zip",
                "application/zip", zip("zeros.bin", 50))));
        addFailedJob(fl, "corrupt PDF", () -> upload(new Http.Multipart().file("files", "broken.pdf",
                "application/pdf", "%PDF-1.7\n1 0 obj <</Type /Catalog>>\ngarbage \u00ff\u00fe".repeat(20)
                        .getBytes(StandardCharsets.ISO_8859_1))));
        addFailedJob(fl, "truncated PDF", () -> upload(new Http.Multipart().file("files", "cut.pdf",
                "application/pdf", "%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R".getBytes(
                        StandardCharsets.ISO_8859_1))));
        addFailedJob(fl, "corrupt docx", () -> upload(new Http.Multipart().file("files", "broken.docx", docx,
                concat(new byte[] {'P', 'K', 3, 4}, "not really a zip".repeat(50).getBytes(StandardCharsets.UTF_8)))));
        addFailedJob(fl, "corrupt PNG", () -> upload(new Http.Multipart().file("files", "broken.png", "image/png",
                concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, new byte[400]))));
        addFailedJob(fl, "empty file", () -> upload(new Http.Multipart().file("files", "empty.txt", "text/plain",
                new byte[0])));
        addFailedJob(fl, "bomb and corrupt PDF together", () -> upload(new Http.Multipart()
                .file("files", "bomb.docx", docx, docxBomb(100))
                .file("files", "broken.pdf", "application/pdf", "%PDF-1.7 nothing".getBytes(StandardCharsets.UTF_8))));
        add(fl, "oversized: one file of 25 MiB + 1", 413, () -> upload(new Http.Multipart().field("context", "text")
                .file("files", "big.txt", "text/plain", filled(25 * MIB + 1))));
        add(fl, "oversized: three files of 18 MiB", 413, () -> upload(new Http.Multipart().field("context", "text")
                .file("files", "a.txt", "text/plain", filled(18 * MIB))
                .file("files", "b.txt", "text/plain", filled(18 * MIB))
                .file("files", "c.txt", "text/plain", filled(18 * MIB))));
        add(fl, "oversized: body over the upload limit", 413, () -> upload(new Http.Multipart().field("context",
                "text").file("files", "huge.txt", "text/plain", filled(60 * MIB))));
        add(fl, "too many files: 21", 413, () -> {
            Http.Multipart m = new Http.Multipart().field("context", "text");
            for (int n = 0; n < 21; n++) {
                m.file("files", "f" + n + ".txt", "text/plain", ("file " + n).getBytes(StandardCharsets.UTF_8));
            }
            return upload(m);
        });
        add(fl, "context of 2 Mi + 1 characters", 413, () -> http.post(cfc).bearer(ann)
                .form(Map.of("context", "c".repeat(2 * MIB + 1))).send());
        add(fl, "nothing: empty multipart", 400, () -> upload(new Http.Multipart().field("scope", "user")));
        add(fl, "nothing: urlencoded without context", 400, () -> http.post(cfc).bearer(ann)
                .form(Map.of("scope", "user")).send());
        add(fl, "concept_names not JSON", 400, () -> http.post(cfc).bearer(ann).form(Map.of("context", "text",
                "concept_names", "not json")).send());
        add(fl, "concept_names an object", 400, () -> http.post(cfc).bearer(ann).form(Map.of("context", "text",
                "concept_names", "{\"a\": 1}")).send());
        add(fl, "concept_names with a number", 400, () -> http.post(cfc).bearer(ann).form(Map.of("context", "text",
                "concept_names", "[\"a\", 2]")).send());
        add(fl, "wait -1", 400, () -> http.post(cfc + "?wait=-1").bearer(ann).form(Map.of("context", "text")).send());
        add(fl, "wait not a number", 400, () -> http.post(cfc + "?wait=soon").bearer(ann)
                .form(Map.of("context", "text")).send());
        add(fl, "content type text/plain", 415, () -> http.post(cfc).bearer(ann).raw("text/plain",
                "context=text".getBytes(StandardCharsets.UTF_8)).send());
        add(fl, "file with a bad scope", 400, () -> upload(new Http.Multipart().field("scope", "galaxy")
                .file("files", "notes.txt", "text/plain", "Customers order cakes.".getBytes(StandardCharsets.UTF_8))));
    }

    private Http.Resp upload(Http.Multipart m) {
        return http.post(P + "create-from-context").bearer(ann).multipart(m).timeout(java.time.Duration.ofSeconds(60))
                .send();
    }

    private static String manyKeys(int n) {
        StringBuilder b = new StringBuilder("{\"project\":{\"name\":\"x\",\"metadata\":{");
        for (int k = 0; k < n; k++) {
            b.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":1");
        }
        return b.append("}}}").toString();
    }

    private static byte[] filled(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A zip with one entry of {@code megabytes} of zeros (about 1,000 times smaller than that). */
    static byte[] zip(String entry, int megabytes) {
        return zipOf(Map.of(entry, megabytes), Map.of());
    }

    static byte[] docxBomb(int megabytes) {
        return zipOf(Map.of("word/document.xml", megabytes), Map.of(
                "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas."
                        + "openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType="
                        + "\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\""
                        + " ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType="
                        + "\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
                        + "</Types>",
                "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas."
                        + "openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://"
                        + "schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target="
                        + "\"word/document.xml\"/></Relationships>"));
    }

    static byte[] xlsxBomb(int megabytes) {
        return zipOf(Map.of("xl/worksheets/sheet1.xml", megabytes), Map.of(
                "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas."
                        + "openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType="
                        + "\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\""
                        + " ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType="
                        + "\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override"
                        + " PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-"
                        + "officedocument.spreadsheetml.worksheet+xml\"/></Types>",
                "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas."
                        + "openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://"
                        + "schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target="
                        + "\"xl/workbook.xml\"/></Relationships>",
                "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas."
                        + "openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/"
                        + "officeDocument/2006/relationships\"><sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/>"
                        + "</sheets></workbook>"));
    }

    /** Zip entries: some of N megabytes of blanks (highly compressible), some with given text. */
    private static byte[] zipOf(Map<String, Integer> blankEntries, Map<String, String> textEntries) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            for (var e : new TreeMap<>(textEntries).entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            byte[] blanks = new byte[MIB];
            Arrays.fill(blanks, (byte) ' ');
            for (var e : blankEntries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                for (int m = 0; m < e.getValue(); m++) {
                    zip.write(blanks);
                }
                zip.closeEntry();
            }
            zip.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
