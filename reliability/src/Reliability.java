import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reliability scenarios of projects-service against the local stack (deploy/local), each
 * ending in one row of a pass/fail table. reliability/run.sh starts the stack and runs this.
 *
 * usage: Reliability --base URL --db URL --kafka HOST:PORT --root DIR --local DIR [--scenario NAME]...
 */
public final class Reliability {

    /** What a scenario gets to work with. */
    record Ctx(Http http, Db db, Stack stack, Tokens tokens, Checks checks, Path logs) {
    }

    interface Scenario {
        String name();

        void run(Ctx ctx, Result result) throws Exception;
    }

    /** One scenario's verdict: its key numbers and the problems found (none = pass). */
    static final class Result {
        final String scenario;
        final List<String> numbers = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        double seconds;

        Result(String scenario) {
            this.scenario = scenario;
        }

        void number(String format, Object... args) {
            numbers.add(String.format(format, args));
        }

        void require(boolean condition, String format, Object... args) {
            if (!condition) {
                problems.add(String.format(format, args));
            }
        }

        boolean pass() {
            return problems.isEmpty();
        }

        String row() {
            return String.format("| %-18s | %-4s | %5.0f s | %s |", scenario, pass() ? "PASS" : "FAIL", seconds,
                    String.join("; ", numbers));
        }
    }

    static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        for (Scenario s : List.of(new BadRequests(), new ConcurrentWriters(), new KillService(),
                new PostgresRestart(), new KafkaOutage(), new RateLimit(), new InputBombs(), new Reincarnation(),
                new LargeImports(), new PoisonedRecord(), new WorkerKill(), new BulkCleanupScenario())) {
            SCENARIOS.put(s.name(), s);
        }
    }

    static final String HEADER = "| scenario           | result |  time   | key numbers |\n"
            + "|--------------------|--------|---------|-------------|";

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--list")) {
                SCENARIOS.keySet().forEach(System.out::println);
                return;
            }
            if (i + 1 >= args.length) {
                usage("missing value for " + a);
            }
            if (a.equals("--scenario")) {
                for (String name : args[++i].split(",")) {
                    if (!SCENARIOS.containsKey(name)) {
                        usage("unknown scenario '" + name + "'; one of " + SCENARIOS.keySet());
                    }
                    chosen.add(name);
                }
            } else {
                opts.put(a, args[++i]);
            }
        }
        for (String required : List.of("--base", "--db", "--kafka", "--root", "--local")) {
            if (!opts.containsKey(required)) {
                usage("missing " + required);
            }
        }
        if (chosen.isEmpty()) {
            chosen.addAll(SCENARIOS.keySet());
        }
        Http http = new Http(opts.get("--base"), 8);
        Db db = new Db(opts.get("--db"));
        Path root = Path.of(opts.get("--root"));
        Tokens tokens = new Tokens(root);
        Stack stack = new Stack(root, Path.of(opts.get("--local")), http);
        Ctx ctx = new Ctx(http, db, stack, tokens, new Checks(db, http, tokens, opts.get("--kafka")),
                Path.of(opts.get("--local"), "logs"));

        List<Result> results = new ArrayList<>();
        System.out.println(HEADER);
        for (String name : chosen) {
            Result result = new Result(name);
            double t0 = Log.now();
            Log.info("scenario %s", name);
            try {
                stack.ensureAllUp();
                SCENARIOS.get(name).run(ctx, result);
            } catch (Exception | AssertionError e) {
                result.problems.add("the scenario stopped: " + e);
                Log.info("  %s stopped: %s", name, e);
            }
            result.seconds = Log.now() - t0;
            results.add(result);
            for (String p : result.problems) {
                Log.info("  problem: %s", p);
            }
            System.out.println(result.row());
            System.out.flush();
        }
        try {
            stack.ensureAllUp();
        } catch (RuntimeException e) {
            Log.info("could not bring the stack back up: %s", e.getMessage());
        }

        long failed = results.stream().filter(r -> !r.pass()).count();
        System.out.println();
        System.out.println("Reliability run " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                .substring(0, 19) + ": " + (results.size() - failed) + " passed, " + failed + " failed");
        System.out.println();
        System.out.println(HEADER);
        results.forEach(r -> System.out.println(r.row()));
        for (Result r : results) {
            for (String p : r.problems) {
                System.out.println("  " + r.scenario + ": " + p);
            }
        }
        System.out.flush();
        System.exit(failed == 0 ? 0 : 1);
    }

    private static void usage(String problem) {
        System.err.println("Reliability: " + problem);
        System.err.println("usage: Reliability --base URL --db URL --kafka HOST:PORT --root DIR --local DIR"
                + " [--scenario NAME[,NAME]]... | --list");
        System.exit(2);
    }
}
