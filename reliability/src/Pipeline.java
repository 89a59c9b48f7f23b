import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What the pipeline scenarios look at: readiness, the service's metrics and log, list freshness. */
final class Pipeline {
    static final String CHECK = "Event pipeline (relay and list projection)";

    private Pipeline() {
    }

    /** The pipeline's readiness check ({status, data}), or null when readiness did not answer JSON. */
    static Map<?, ?> readiness(Http http) {
        Http.Resp r = http.get("/q/health/ready").timeout(java.time.Duration.ofSeconds(5)).send();
        if (Json.path(r.json(), "checks") instanceof List<?> checks) {
            for (Object c : checks) {
                if (c instanceof Map<?, ?> m && CHECK.equals(m.get("name"))) {
                    return m;
                }
            }
        }
        return null;
    }

    static String status(Map<?, ?> check) {
        return check == null ? "no answer" : String.valueOf(check.get("status"));
    }

    static Object data(Map<?, ?> check, String key) {
        return check == null ? null : Json.path(check, "data", key);
    }

    /** One sample of /q/metrics (name with its labels as exposed), 0 when absent. */
    static double metric(Http http, String sample) {
        Http.Resp r = http.get("/q/metrics").send();
        if (!r.ok()) {
            return Double.NaN;
        }
        return r.body().lines().filter(l -> l.startsWith(sample + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(sample.length() + 1).split(" ")[0]))
                .findFirst().orElse(0);
    }

    /** Lines of the service's log (this run's) that report an OutOfMemoryError: all of them, and the pipeline's. */
    record Ooms(long all, long pipeline) {
    }

    static Ooms ooms(Path logs) {
        try {
            List<String> lines = Files.readAllLines(logs.resolve("service.log"));
            long all = lines.stream().filter(l -> l.contains("OutOfMemoryError")).count();
            long pipeline = lines.stream().filter(l -> l.contains("OutOfMemoryError")
                    && (l.contains("(event-relay)") || l.contains("(list projector)"))).count();
            return new Ooms(all, pipeline);
        } catch (IOException e) {
            return new Ooms(-1, -1);
        }
    }

    /**
     * Seconds until {@code user}'s list in {@code workspace} shows {@code id} and is not marked
     * stale, polled from now; -1 when it did not within {@code maxSeconds}.
     */
    static double freshIn(Http http, String token, String workspace, String id, double maxSeconds) {
        double t0 = Log.now();
        while (Log.now() - t0 < maxSeconds) {
            Http.Resp r = http.get("/api/v1/projects/" + workspace + "/list?scopes=user&limit=1000").bearer(token)
                    .timeout(java.time.Duration.ofSeconds(10)).send();
            if (r.ok() && r.header("X-View-Stale") == null && r.body().contains("\"" + id + "\"")) {
                return Log.now() - t0;
            }
            Log.sleep(200);
        }
        return -1;
    }

    /**
     * Readiness tells the truth when the pipeline does not flow: a connection holds the relay's
     * lease (as a hung replica would) while a project is saved; readiness must go DOWN on the
     * pipeline within its bound and come back UP once the lease is free, and list must then be
     * fresh. Adds its numbers and problems to the result.
     */
    static void stuckRelay(Reliability.Ctx ctx, Reliability.Result result, String workspace, String user) {
        String token = ctx.tokens().of(user, Load.ORG);
        double downAfter = -1;
        String reason = null;
        String id;
        double heldAt;
        try (Db.Held lease = ctx.db().hold("SELECT 1 FROM relay_checkpoints WHERE name = 'events' FOR UPDATE")) {
            heldAt = Log.now();
            Http.Resp saved = ctx.http().post("/api/v1/projects/" + workspace + "/save").bearer(token)
                    .json(Json.obj("project", Json.obj("name", "saved while the relay is stuck"))).send();
            id = Json.str(saved.json(), "data", "project_id");
            result.require(saved.ok(), "a save while the relay was stuck answered %s", saved.outcome());
            while (Log.now() - heldAt < 90) {
                Map<?, ?> check = readiness(ctx.http());
                if ("DOWN".equals(status(check))) {
                    downAfter = Log.now() - heldAt;
                    reason = String.valueOf(data(check, "reason"));
                    break;
                }
                Log.sleep(500);
            }
        }
        double releasedAt = Log.now();
        double upAfter = -1;
        while (Log.now() - releasedAt < 60) {
            if ("UP".equals(status(readiness(ctx.http())))) {
                upAfter = Log.now() - releasedAt;
                break;
            }
            Log.sleep(200);
        }
        double fresh = id == null ? -1 : freshIn(ctx.http(), token, workspace, id, 30);
        Log.info("  relay lease held: readiness DOWN after %.1f s (%s); UP %.1f s after release; list fresh after %.1f s",
                downAfter, reason, upAfter, fresh);
        result.number("relay stuck: readiness DOWN after %.1f s, UP %.1f s after it moved again", downAfter, upAfter);
        result.require(downAfter >= 0, "readiness stayed UP for 90 s while the relay did not publish");
        result.require(reason != null && reason.contains("the next event to publish was appended"),
                "readiness did not say why: %s", reason);
        result.require(upAfter >= 0, "readiness did not come back UP within 60 s after the relay moved again");
        result.require(fresh >= 0, "list did not show the project saved during the stall, fresh, within 30 s");
    }
}
