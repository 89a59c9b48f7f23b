import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads the service's database with psql (tab-separated, unaligned): what the log and the view really hold. */
final class Db {
    private final String url;

    Db(String url) {
        this.url = url;
    }

    String url() {
        return url;
    }

    /** Rows of a query, each a String[] of its columns. Throws when psql fails (database down, bad SQL). */
    List<String[]> rows(String sql) {
        ProcessBuilder pb = new ProcessBuilder("psql", url, "-X", "-q", "-A", "-t", "-F", "\t",
                "-v", "ON_ERROR_STOP=1", "-c", sql).redirectErrorStream(false);
        pb.environment().put("PGCONNECT_TIMEOUT", "5");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("psql timed out: " + sql);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("psql failed (" + p.exitValue() + "): "
                        + new String(err, StandardCharsets.UTF_8).trim() + " -- " + sql);
            }
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    rows.add(line.split("\t", -1));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException("psql could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long count(String sql) {
        List<String[]> r = rows(sql);
        return r.isEmpty() || r.get(0)[0].isEmpty() ? 0 : Long.parseLong(r.get(0)[0]);
    }

    /** Like {@link #count} but -1 instead of an exception (for polling while something may be down). */
    long tryCount(String sql) {
        try {
            return count(sql);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * A transaction held open until closed: psql reads its statements from a pipe, so the locks
     * they take are kept (a relay replica that holds the lease and publishes nothing).
     */
    Held hold(String statement) {
        ProcessBuilder pb = new ProcessBuilder("psql", url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1")
                .redirectErrorStream(true);
        pb.environment().put("PGCONNECT_TIMEOUT", "5");
        try {
            Process p = pb.start();
            var in = new java.io.PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            in.println("BEGIN;");
            in.println(statement + ";");
            in.println("\\echo HELD");
            for (String line; (line = out.readLine()) != null;) {
                if (line.equals("HELD")) {
                    return new Held(p, in);
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("psql ended before the transaction was held: " + statement);
        } catch (IOException e) {
            throw new IllegalStateException("psql could not run: " + e.getMessage(), e);
        }
    }

    /** An open transaction of {@link #hold}; close() rolls it back and ends psql. */
    record Held(Process psql, java.io.PrintWriter in) implements AutoCloseable {
        @Override
        public void close() {
            in.println("ROLLBACK;");
            in.println("\\q");
            in.close();
            try {
                if (!psql.waitFor(30, TimeUnit.SECONDS)) {
                    psql.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                psql.destroyForcibly();
            }
        }
    }

    static String lit(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** Projects whose list-view row is not at the log's head version (the RestartAndRebuildTest check). */
    static String viewBehind(String workspaceFilter) {
        return "SELECT count(*) FROM project_streams s LEFT JOIN project_list_view v ON v.project_id = s.stream_id"
                + " WHERE v.version IS DISTINCT FROM s.version"
                + (workspaceFilter == null ? "" : " AND s.workspace_id = " + lit(workspaceFilter));
    }
}
