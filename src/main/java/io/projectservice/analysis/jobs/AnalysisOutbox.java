package io.projectservice.analysis.jobs;

import io.projectservice.pipeline.RelayCheckpoints;
import io.projectservice.config.ServiceConfig;
import io.projectservice.pipeline.RelaySource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Analysis requests, relayed to the analysis topic (keyed by job id) after their transaction commits. */
@ApplicationScoped
public class AnalysisOutbox implements RelaySource {
    private final ServiceConfig config;

    public AnalysisOutbox(ServiceConfig config) {
        this.config = config;
    }

    @Override
    public String checkpoint() {
        return "analysis";
    }

    @Override
    public String topic() {
        return config.kafka().analysisTopic();
    }

    /** Bounded by count alone: a request is a few hundred bytes (the job's id, workspace, file count). */
    @Override
    public Uni<RelayCheckpoints.Batch<Outgoing>> readCommittedAfter(SqlConnection tx, RelayCheckpoints.RelayCheckpoint after,
            int limit, int maxBytes) {
        return tx.preparedQuery("""
                SELECT job_id, payload::text, created_at, position, tx_id::text FROM analysis_outbox
                WHERE (tx_id, position) > ($1::text::xid8, $2)
                  AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
                ORDER BY tx_id, position LIMIT $3""")
                .execute(Tuple.of(after.txId(), after.position(), limit))
                .map(rows -> {
                    List<Outgoing> out = new ArrayList<>(rows.size());
                    RelayCheckpoints.RelayCheckpoint end = after;
                    for (Row r : rows) {
                        out.add(new Outgoing(r.getString(0), r.getString(1).getBytes(StandardCharsets.UTF_8),
                                "AnalysisRequested", r.getOffsetDateTime(2), null, null));
                        end = new RelayCheckpoints.RelayCheckpoint(r.getString(4), r.getLong(3));
                    }
                    return new RelayCheckpoints.Batch<>(out, end);
                });
    }
}
