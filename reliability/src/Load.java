import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A steady write load: WRITERS threads, each a user of organization "rel" saving at its share of
 * RATE per second (paced, never bursting to catch up). A writer creates a project now and then
 * and otherwise updates one of its own (new metadata each time, so every save is a new event).
 * Every answer is recorded with its time; every 200 is an acknowledged write (project, version).
 * Optionally a reader lists, and loads a project, once a second.
 */
final class Load {
    static final String ORG = "rel";

    /** An acknowledged write: the service answered 200 with this project id and version. */
    record Ack(String projectId, int version, String user, double at) {
    }

    /** One answer (or failure) of the load, at a time in seconds since the run began. */
    record Outcome(double at, String op, int status, String failure, boolean envelope, long millis, boolean stale) {
        String kind() {
            return failure != null ? failure : String.valueOf(status);
        }
    }

    private final Http http;
    private final Tokens tokens;
    private final String workspace;
    private final int writers;
    private final double rate;
    private final boolean reader;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    /** Projects each user created (acknowledged), by user. */
    final Map<String, List<String>> created = new ConcurrentHashMap<>();

    Load(Http http, Tokens tokens, String workspace, int writers, double rate, boolean reader) {
        this.http = http;
        this.tokens = tokens;
        this.workspace = workspace;
        this.writers = writers;
        this.rate = rate;
        this.reader = reader;
    }

    static String user(String workspace, int i) {
        return workspace + "-w" + i;
    }

    void start() {
        running.set(true);
        for (int i = 0; i < writers; i++) {
            int n = i;
            String user = user(workspace, n);
            created.put(user, Collections.synchronizedList(new ArrayList<>()));
            tokens.of(user, ORG);
            threads.add(thread("writer-" + n, () -> write(n, user)));
        }
        if (reader) {
            threads.add(thread("reader", this::read));
        }
        threads.forEach(Thread::start);
    }

    void stop() {
        running.set(false);
        for (Thread t : threads) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Thread thread(String name, Runnable r) {
        Thread t = new Thread(r, "load-" + name);
        t.setDaemon(true);
        return t;
    }

    private void write(int n, String user) {
        Random random = new Random(n * 7919L);
        List<String> mine = created.get(user);
        String token = tokens.of(user, ORG);
        long period = (long) (1e9 * writers / rate);
        long next = System.nanoTime() + (long) (period * random.nextDouble());
        int seq = 0;
        while (running.get()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Log.sleep(wait / 1_000_000);
            }
            next = Math.max(next + period, System.nanoTime());
            seq++;
            Map<String, Object> project;
            if (mine.size() < 3 || random.nextInt(4) == 0) {
                project = Json.obj("name", workspace + " " + user + " #" + seq, "metadata", Json.obj("seq", seq));
            } else {
                project = Json.obj("id", mine.get(random.nextInt(mine.size())), "metadata",
                        Json.obj("seq", seq, "writer", n));
            }
            Http.Resp r = http.post("/api/v1/projects/" + workspace + "/save").bearer(token)
                    .json(Json.obj("project", project)).send();
            record("save", r);
            if (r.ok()) {
                Object doc = r.json();
                String id = Json.str(doc, "data", "project_id");
                Integer version = Json.integer(doc, "data", "version");
                if (id != null && version != null) {
                    acks.add(new Ack(id, version, user, Log.now()));
                    if (!project.containsKey("id")) {
                        mine.add(id);
                    }
                }
            }
        }
    }

    private void read() {
        Random random = new Random(42);
        while (running.get()) {
            String user = user(workspace, random.nextInt(writers));
            String token = tokens.of(user, ORG);
            Http.Resp list = http.get("/api/v1/projects/" + workspace + "/list?scopes=user&limit=5").bearer(token)
                    .send();
            record("list", list);
            List<String> mine = created.get(user);
            if (!mine.isEmpty()) {
                Http.Resp load = http.get("/api/v1/projects/" + workspace + "/load?project_id="
                        + mine.get(random.nextInt(mine.size()))).bearer(token).send();
                record("load", load);
            }
            Log.sleep(1000);
        }
    }

    private void record(String op, Http.Resp r) {
        boolean envelope = r.status() == 200 ? Json.str(r.json(), "status") != null : r.errorEnvelope();
        outcomes.add(new Outcome(Log.now(), op, r.status(), r.failure(), envelope, r.millis(),
                "true".equals(r.header("X-View-Stale"))));
    }

    /** Outcomes of one operation between two times (seconds since the run began). */
    List<Outcome> between(String op, double from, double to) {
        List<Outcome> list = new ArrayList<>();
        for (Outcome o : outcomes) {
            if ((op == null || o.op().equals(op)) && o.at() >= from && o.at() < to) {
                list.add(o);
            }
        }
        return list;
    }

    /** "200:120 503:14 refused:3" for a list of outcomes. */
    static String histogram(List<Outcome> list) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        list.forEach(o -> counts.merge(o.kind(), 1, Integer::sum));
        StringBuilder b = new StringBuilder();
        counts.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append(':').append(v));
        return b.length() == 0 ? "none" : b.toString();
    }
}
