import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Analysis workers that die or freeze during a slow LLM call (issue 11). The service runs the API,
 * relay and projector only; two processes of role analysis-worker, started here, share the jobs,
 * with a slow OpenAI-compatible stub (started here too) as their LLM and a 5 s lease.
 *
 * <ol>
 * <li>kill -9: the worker that claims a job calls the LLM, which answers after 45 s. For three
 * leases its lease must be renewed and nobody else may claim the job. Then it is killed; the other
 * must take the job over (the dead one's Kafka session expires, its lease runs out) and finish it:
 * one project, the job succeeded once, after two attempts.</li>
 * <li>SIGSTOP: with a replacement worker started, whichever worker claims the next job is frozen
 * mid-call until the other has taken the job over and finished it, then thawed. Its own
 * completion must be refused (its lease token is stale): still one project.</li>
 * </ol>
 */
final class WorkerKill implements Reliability.Scenario {
    static final String WS = "rel-worker";
    static final String ORG = "rel";
    static final String GROUP = "projects-analysis-worker";
    static final Duration LEASE = Duration.ofSeconds(5);
    /** The stub's answer time for its 1st, 2nd, 3rd call and every later one. */
    static final List<Duration> LLM_DELAYS = List.of(Duration.ofSeconds(45), Duration.ofSeconds(1),
            Duration.ofSeconds(30), Duration.ofSeconds(1));

    @Override
    public String name() {
        return "worker-kill";
    }

    private record Job(String state, int attempts, long token, String holder, String leaseLeft, String projectId,
            String engine, String error) {
        static Job of(String[] r) {
            return new Job(r[0], Integer.parseInt(r[1]), Long.parseLong(r[2]), r[3], r[4], r[5], r[6], r[7]);
        }

        boolean finished() {
            return "succeeded".equals(state) || "failed".equals(state);
        }

        long holderPid() {
            return holder == null || !holder.contains("/") ? -1 : Long.parseLong(holder.substring(holder.indexOf('/') + 1));
        }
    }

    @Override
    public void run(Reliability.Ctx ctx, Reliability.Result result) throws Exception {
        String kafka = ctx.checks().kafka();
        ServiceProcess a = null;
        ServiceProcess b = null;
        ServiceProcess c = null;
        try (LlmStub llm = new LlmStub(LLM_DELAYS, "Worker Kill")) {
            ctx.stack().component("stop", "service");
            ctx.stack().component("start", "service", Map.of("PROJECTS_ROLES", "api,relay,projector"));
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PORT", "0");
            env.put("PROJECTS_ROLES", "analysis-worker");
            env.put("OPENAI_API_KEY", "sk-reliability-stub");
            env.put("OPENAI_BASE_URL", llm.baseUrl());
            env.put("OPENAI_MODEL", LlmStub.MODEL);
            env.put("PROJECTS_CREATE_FROM_CONTEXT_LEASE", "PT" + LEASE.toSeconds() + "S");

            // ---- 1. kill -9 during the LLM call -------------------------------------------------
            a = ServiceProcess.start(ctx.stack().local(), "worker-a", env);
            b = ServiceProcess.start(ctx.stack().local(), "worker-b", env);
            a.awaitStarted(Duration.ofSeconds(180));
            b.awaitStarted(Duration.ofSeconds(180));
            awaitMembers(kafka, 2);
            String job1 = submit(ctx, "A job whose worker is killed during its LLM call.");
            Job claimed = awaitJob(ctx, job1, j -> j.attempts() == 1 && j.holderPid() > 0, 60, "a worker claims it");
            require(awaitTrue(() -> llm.calls() >= 1, 60, "the worker calls the LLM"), "no worker called the LLM"
                    + " (job " + job(ctx, job1) + ")");
            double callStart = Log.now();
            ServiceProcess killed = claimed.holderPid() == a.pid() ? a : b;
            ServiceProcess survivor = killed == a ? b : a;
            Log.info("  job %s claimed by %s (lease token %d); its LLM call answers in %d s", job1, killed.name,
                    claimed.token(), LLM_DELAYS.get(0).toSeconds());

            // for three leases into the call (the other worker alive meanwhile): the lease moves on,
            // nobody else claims the job
            TreeSet<String> leaseEnds = new TreeSet<>();
            boolean held = true;
            while (Log.now() - callStart < 3 * LEASE.toSeconds() + 1) {
                Job j = job(ctx, job1);
                held &= j.attempts() == 1 && j.token() == claimed.token() && j.holderPid() == killed.pid()
                        && Double.parseDouble(j.leaseLeft()) > 0 && !j.finished();
                leaseEnds.add(ctx.db().rows("SELECT lease_until FROM analysis_jobs WHERE job_id = "
                        + Db.lit(job1)).get(0)[0]);
                Log.sleep(500);
            }
            int renewals = leaseEnds.size() - 1;
            double sinceClaim = Log.now() - callStart;
            Log.info("  %.0f s into the call: lease renewed %d times, held by %s throughout: %s", sinceClaim,
                    renewals, killed.name, held);
            result.require(held, "during the slow LLM call the job was claimed again, or its lease ran out");
            result.require(renewals >= 2, "the lease was renewed %d times in %.0f s of a %d s lease", renewals,
                    sinceClaim, LEASE.toSeconds());
            require(llm.calls() == 1, "the LLM stub was called " + llm.calls() + " times before the kill");

            killed.kill();
            double killedAt = Log.now();
            // a replacement, so that two workers are there for the second part
            c = ServiceProcess.start(ctx.stack().local(), "worker-c", env);
            Job done1 = awaitJob(ctx, job1, Job::finished, 120, "the job finishes after the kill");
            double takeover = Log.now() - killedAt;
            int callsAfterJob1 = llm.calls();
            long projects1 = projectsOf(ctx, job1);
            long analyzed1 = ctx.db().count("SELECT count(*) FROM project_events WHERE type = 'ContextAnalyzed'"
                    + " AND data->>'job_id' = " + Db.lit(job1));
            Log.info("  job %s %s %.1f s after the kill: attempts %d, engine %s, %d project(s), %d LLM calls",
                    job1, done1.state(), takeover, done1.attempts(), done1.engine(), projects1, callsAfterJob1);
            result.number("kill -9 of the worker %.0f s into a %d s LLM call (lease %d s, renewed %d times meanwhile,"
                    + " never taken): the other finished the job %.1f s later; attempts %d, %d project, engine %s,"
                    + " %d LLM calls", sinceClaim, LLM_DELAYS.get(0).toSeconds(), LEASE.toSeconds(), renewals,
                    takeover, done1.attempts(), projects1, done1.engine(), callsAfterJob1);
            requireOnce(result, ctx, job1, done1, projects1, analyzed1);
            apiShowsTheProject(ctx, result, job1, done1);

            // ---- 2. SIGSTOP during the LLM call, then SIGCONT ------------------------------------
            c.awaitStarted(Duration.ofSeconds(180));
            awaitMembers(kafka, 2);
            String job2 = submit(ctx, "A job whose worker freezes during its LLM call.");
            Job claimed2 = awaitJob(ctx, job2, j -> j.attempts() == 1 && j.holderPid() > 0, 60, "a worker claims it");
            require(awaitTrue(() -> llm.calls() > callsAfterJob1, 60, "it calls the LLM"), "no worker called the"
                    + " LLM for the second job (" + job(ctx, job2) + ")");
            ServiceProcess frozen = claimed2.holderPid() == survivor.pid() ? survivor : c;
            ServiceProcess other = frozen == survivor ? c : survivor;
            signal(frozen.pid(), "STOP");
            double frozenAt = Log.now();
            Log.info("  froze %s (SIGSTOP) during its LLM call for job %s", frozen.name, job2);
            Job done2 = awaitJob(ctx, job2, Job::finished, 120, "another worker finishes the job");
            double takeover2 = Log.now() - frozenAt;
            signal(frozen.pid(), "CONT");
            Log.info("  job %s %s by %s %.1f s after the freeze; thawed %s (SIGCONT)", job2, done2.state(),
                    other.name, takeover2, frozen.name);
            // the thawed worker gets its LLM answer and tries to finish: it must be turned away
            boolean refused = awaitTrue(() -> logHas(frozen, "analysis job " + job2 + ": another worker has taken it"
                    + " over"), 90, "the thawed worker notices it lost the job");
            long projects2 = projectsOf(ctx, job2);
            long analyzed2 = ctx.db().count("SELECT count(*) FROM project_events WHERE type = 'ContextAnalyzed'"
                    + " AND data->>'job_id' = " + Db.lit(job2));
            Job after2 = job(ctx, job2);
            Log.info("  thawed worker's result discarded: %s; job %s still %s, %d project(s)", refused, job2,
                    after2.state(), projects2);
            result.number("SIGSTOP of a worker mid-call: another finished the job %.1f s later; the thawed one's"
                    + " result %s; %d project", takeover2, refused ? "refused (stale lease)" : "NOT seen refused",
                    projects2);
            requireOnce(result, ctx, job2, after2, projects2, analyzed2);
            result.require(refused, "the thawed worker's log does not show its result discarded");
            result.require(after2.equals(done2), "the job changed after the thawed worker resumed: %s -> %s", done2,
                    after2);
        } finally {
            for (ServiceProcess p : new ServiceProcess[] {a, b, c}) { // the killed one is already gone
                if (p != null) {
                    signal(p.pid(), "CONT");
                    p.stop();
                }
            }
            ctx.stack().component("stop", "service");
            ctx.stack().component("start", "service");
        }
    }

    private static void requireOnce(Reliability.Result result, Reliability.Ctx ctx, String jobId, Job job,
            long projects, long analyzed) throws Exception {
        result.require("succeeded".equals(job.state()), "job %s ended %s (%s)", jobId, job.state(), job.error());
        result.require(job.attempts() == 2, "job %s took %d attempts, not 2", jobId, job.attempts());
        result.require(projects == 1 && analyzed == 1, "job %s: %d ProjectCreated and %d ContextAnalyzed events",
                jobId, projects, analyzed);
        result.require(derivedId(jobId).equals(job.projectId()), "job %s's project is %s, not the id derived from"
                + " the job", jobId, job.projectId());
        result.require("llm".equals(job.engine()), "job %s was analyzed by %s, not the LLM stub", jobId, job.engine());
    }

    private static void apiShowsTheProject(Reliability.Ctx ctx, Reliability.Result result, String jobId, Job job) {
        String token = ctx.tokens().of("wanda", ORG);
        Http.Resp status = ctx.http().get("/api/v1/projects/" + WS + "/create-from-context/jobs/" + jobId)
                .bearer(token).send();
        result.require(status.ok() && "succeeded".equals(Json.str(status.json(), "data", "state"))
                && Integer.valueOf(2).equals(Json.integer(status.json(), "data", "attempts")),
                "the job endpoint answered %s %s", status.outcome(), status.shortBody());
        Http.Resp load = ctx.http().get("/api/v1/projects/" + WS + "/load?project_id=" + job.projectId())
                .bearer(token).send();
        result.require(load.ok() && "Worker Kill".equals(Json.str(load.json(), "data", "name")),
                "load of the job's project answered %s %s", load.outcome(), load.shortBody());
    }

    private static String submit(Reliability.Ctx ctx, String context) {
        Http.Resp r = ctx.http().post("/api/v1/projects/" + WS + "/create-from-context?wait=0")
                .bearer(ctx.tokens().of("wanda", ORG)).form(Map.of("context", context)).send();
        if (r.status() != 202) {
            throw new IllegalStateException("create-from-context answered " + r.outcome() + " " + r.shortBody());
        }
        return Json.str(r.json(), "data", "job_id");
    }

    private static Job job(Reliability.Ctx ctx, String jobId) {
        return Job.of(ctx.db().rows("SELECT state, attempts, lease_token, coalesce(lease_holder, ''),"
                + " coalesce(extract(epoch FROM lease_until - now()), 0), coalesce(project_id, ''),"
                + " coalesce(result->'data'->'analysis'->>'engine', ''), coalesce(error, '')"
                + " FROM analysis_jobs WHERE job_id = " + Db.lit(jobId)).get(0));
    }

    private static Job awaitJob(Reliability.Ctx ctx, String jobId, java.util.function.Predicate<Job> condition,
            int seconds, String what) {
        double t0 = Log.now();
        while (Log.now() - t0 < seconds) {
            Job j = job(ctx, jobId);
            if (condition.test(j)) {
                return j;
            }
            Log.sleep(200);
        }
        throw new IllegalStateException("not within " + seconds + " s: " + what + " (job " + jobId + " is "
                + job(ctx, jobId) + ")");
    }

    private static boolean awaitTrue(java.util.function.BooleanSupplier condition, int seconds, String what) {
        double t0 = Log.now();
        while (Log.now() - t0 < seconds) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Log.sleep(200);
        }
        Log.info("  not within %d s: %s", seconds, what);
        return false;
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(problem);
        }
    }

    private static void awaitMembers(String kafka, int n) {
        if (!awaitTrue(() -> ServiceProcess.groupMembers(kafka, GROUP) == n, 90, n + " workers in the group")) {
            throw new IllegalStateException("the analysis workers' group does not have " + n + " members");
        }
    }

    private static long projectsOf(Reliability.Ctx ctx, String jobId) {
        return ctx.db().count("SELECT count(*) FROM project_events WHERE type = 'ProjectCreated'"
                + " AND data->'origin'->>'job_id' = " + Db.lit(jobId));
    }

    private static boolean logHas(ServiceProcess p, String text) {
        try {
            return Files.readString(p.log, StandardCharsets.UTF_8).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void signal(long pid, String signal) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** ProjectIds.forAnalysisJob, as the driver knows it. */
    static String derivedId(String jobId) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256")
                .digest(("create-from-context/" + jobId).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 6).substring(0, 11);
    }
}
