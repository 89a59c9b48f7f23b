import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the log and the view hold after a scenario, compared with what the service acknowledged. */
final class Checks {
    private final Db db;
    private final Http http;
    private final Tokens tokens;
    private final String kafka;

    Checks(Db db, Http http, Tokens tokens, String kafka) {
        this.db = db;
        this.http = http;
        this.tokens = tokens;
        this.kafka = kafka;
    }

    /** The Kafka bootstrap servers of the stack. */
    String kafka() {
        return kafka;
    }

    /** The log's verdict on a set of acknowledged writes. */
    record LogCheck(int acked, int missing, int ackedTwice, long duplicateVersions, long duplicateEventIds,
            long gaps, long headMismatches, List<String> examples) {
        boolean ok() {
            return missing == 0 && ackedTwice == 0 && duplicateVersions == 0 && duplicateEventIds == 0 && gaps == 0
                    && headMismatches == 0;
        }

        String summary() {
            return "acked " + acked + ", missing " + missing + ", acked twice " + ackedTwice + ", duplicate versions "
                    + duplicateVersions + ", duplicate event ids " + duplicateEventIds + ", gaps " + gaps;
        }
    }

    /**
     * Every acknowledged (project, version) is an event of the log; no version was acknowledged to
     * two requests; no (project, version) or event id appears twice; every project's versions are
     * 1..n without a gap, and its head is n.
     */
    LogCheck log(String workspace, Collection<Load.Ack> acks) {
        Set<String> inLog = eventKeys(workspace);
        Map<String, Integer> ackCount = new HashMap<>();
        List<String> examples = new ArrayList<>();
        int missing = 0;
        for (Load.Ack a : acks) {
            String key = a.projectId() + ":" + a.version();
            ackCount.merge(key, 1, Integer::sum);
            if (!inLog.contains(key)) {
                missing++;
                if (examples.size() < 5) {
                    examples.add("acked but not in the log: " + key);
                }
            }
        }
        int twice = (int) ackCount.values().stream().filter(n -> n > 1).count();
        String ws = Db.lit(workspace);
        String inWs = " stream_id IN (SELECT stream_id FROM project_streams WHERE workspace_id = " + ws + ")";
        long dupVersions = db.count("SELECT count(*) FROM (SELECT stream_id, version FROM project_events WHERE"
                + inWs + " GROUP BY 1, 2 HAVING count(*) > 1) d");
        long dupIds = db.count("SELECT count(*) FROM (SELECT event_id FROM project_events WHERE" + inWs
                + " GROUP BY 1 HAVING count(*) > 1) d");
        long gaps = db.count("SELECT count(*) FROM (SELECT stream_id FROM project_events WHERE" + inWs
                + " GROUP BY 1 HAVING min(version) <> 1 OR max(version) <> count(*)) g");
        long heads = db.count("SELECT count(*) FROM project_streams s JOIN (SELECT stream_id, max(version) AS v"
                + " FROM project_events GROUP BY 1) e USING (stream_id) WHERE s.workspace_id = " + ws
                + " AND s.version <> e.v");
        return new LogCheck(acks.size(), missing, twice, dupVersions, dupIds, gaps, heads, examples);
    }

    /** "project:version" of every event of the workspace's projects. */
    Set<String> eventKeys(String workspace) {
        Set<String> keys = new HashSet<>();
        for (String[] r : db.rows("SELECT e.stream_id, e.version FROM project_events e JOIN project_streams s"
                + " ON s.stream_id = e.stream_id WHERE s.workspace_id = " + Db.lit(workspace))) {
            keys.add(r[0] + ":" + r[1]);
        }
        return keys;
    }

    /** The workspace's events on the Kafka topic: each at least once, and how many came twice. */
    TopicRecords.Counts topic(String workspace) {
        Set<String> keys = eventKeys(workspace);
        Set<String> projects = new HashSet<>();
        keys.forEach(k -> projects.add(k.substring(0, k.indexOf(':'))));
        return TopicRecords.count(kafka, projects, keys);
    }

    /**
     * Waits until the list view holds every project at its head version (in the workspace, or
     * everywhere); returns the seconds it took, or -1 when it did not within the bound.
     */
    double awaitViewCovers(String workspace, double maxSeconds) {
        double t0 = Log.now();
        while (Log.now() - t0 < maxSeconds) {
            if (db.tryCount(Db.viewBehind(workspace)) == 0) {
                return Log.now() - t0;
            }
            Log.sleep(100);
        }
        return -1;
    }

    /**
     * Through the API, as each writer: list shows each of the writer's projects exactly once, and
     * every project it created. Returns the problems found.
     */
    List<String> listShowsEveryProjectOnce(String workspace, Map<String, List<String>> createdByUser) {
        List<String> problems = new ArrayList<>();
        for (var e : createdByUser.entrySet()) {
            Http.Resp r = http.get("/api/v1/projects/" + workspace + "/list?scopes=user&limit=1000")
                    .bearer(tokens.of(e.getKey(), Load.ORG)).send();
            if (!r.ok()) {
                problems.add("list as " + e.getKey() + " answered " + r.outcome());
                continue;
            }
            Object items = Json.path(r.json(), "data");
            List<String> ids = new ArrayList<>();
            if (items instanceof List<?> l) {
                for (Object item : l) {
                    ids.add(Json.str(item, "id"));
                }
            }
            Set<String> unique = new HashSet<>(ids);
            if (unique.size() != ids.size()) {
                problems.add("list as " + e.getKey() + " shows a project twice");
            }
            List<String> expected;
            synchronized (e.getValue()) {
                expected = new ArrayList<>(e.getValue());
            }
            for (String id : expected) {
                if (!unique.contains(id)) {
                    problems.add("list as " + e.getKey() + " misses " + id);
                    break;
                }
            }
        }
        return problems;
    }
}
