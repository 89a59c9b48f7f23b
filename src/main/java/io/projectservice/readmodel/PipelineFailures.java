package io.projectservice.readmodel;

import io.projectservice.errors.DatabaseFailures;
import io.vertx.pgclient.PgException;
import org.apache.kafka.common.KafkaException;

/**
 * Whether a failure of the projector lies with a record (set it aside and go on) or with the
 * world around it (wait and retry: the database or Kafka away, a timeout, a conflict with another
 * writer, a schema or permission problem an operator must fix; setting records aside for those
 * would throw good records away).
 */
final class PipelineFailures {
    private PipelineFailures() {
    }

    static boolean isTransient(Throwable e) {
        if (DatabaseFailures.isDatabaseUnavailable(e)) {
            return true;
        }
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof KafkaException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof io.smallrye.mutiny.TimeoutException || t instanceof InterruptedException) {
                return true;
            }
            if (t instanceof PgException pg) {
                return !recordProblem(pg.getSqlState());
            }
        }
        return false;
    }

    /** SQLSTATE classes a record's own content causes: 22 data exception, 23 integrity, 54 program limit. */
    private static boolean recordProblem(String sqlState) {
        return sqlState != null && (sqlState.startsWith("22") || sqlState.startsWith("23") || sqlState.startsWith("54"));
    }
}
