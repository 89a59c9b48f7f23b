package io.projectservice.readmodel;

import io.projectservice.pipeline.ListFreshness;
import io.projectservice.pipeline.EventsProjector;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.projectservice.config.JsonCodec;
import io.projectservice.config.ServiceConfig;
import io.projectservice.pipeline.ConsumerLoop;
import io.projectservice.pipeline.DeadLetters;
import io.projectservice.pipeline.KafkaSettings;
import io.projectservice.pipeline.KafkaTopics;
import io.projectservice.eventstore.RecordedEvent;
import io.projectservice.database.Wakeups;
import io.projectservice.projects.ProjectEvents;
import io.projectservice.projects.ProjectState;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Keeps {@code project_list_view} up to date from {@code projects.events.v1}: a consumer group,
 * one transaction per polled batch, offsets committed only after it. Every event is applied
 * only on top of the version before it, so redelivery and replay change nothing; a gap (the
 * view missed something) is healed by folding that project from the log.
 */
@Singleton
public class ListProjector extends ConsumerLoop<ListRecords.Incoming> implements EventsProjector {
    private static final Logger LOG = Logger.getLogger(ListProjector.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);
    private static final Set<String> CREATIONS = Set.of(ProjectEvents.CREATED, ProjectEvents.COPIED,
            ProjectEvents.IMPORTED);

    private final Pool pool;
    private final ServiceConfig config;
    private final KafkaSettings kafka;
    private final KafkaTopics topics;
    private final ListView view;
    private final ListFreshness freshness;
    private final Wakeups wakeups;
    private final JsonCodec json;
    private final ListRepair repair;
    private final DeadLetters deadLetters;
    private final Timer projectionLag;

    /** Offsets of applied batches not yet committed (Kafka away): kept for the next try. */
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private boolean commitPending;

    public ListProjector(Pool pool, ServiceConfig config, KafkaSettings kafka, KafkaTopics topics, ListView view,
            ListFreshness freshness, ListRepair repair, DeadLetters deadLetters, Wakeups wakeups, JsonCodec json, MeterRegistry metrics) {
        super("list projector", topics, config.relay().pollInterval());
        this.pool = pool;
        this.config = config;
        this.kafka = kafka;
        this.topics = topics;
        this.view = view;
        this.freshness = freshness;
        this.repair = repair;
        this.deadLetters = deadLetters;
        this.wakeups = wakeups;
        this.json = json;
        this.projectionLag = Timer.builder("projects.projection.lag")
                .description("Append to applied in the list read model").publishPercentileHistogram()
                .register(metrics);
    }

    void onStart(@Observes @Priority(20) StartupEvent event) {
        if (config.runs("projector")) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    @Override
    protected Properties consumerProperties() {
        return kafka.consumer(config.kafka().projectorGroup(), "projects-list-projector");
    }

    @Override
    protected KafkaConsumer<String, ListRecords.Incoming> newConsumer() {
        return new KafkaConsumer<>(consumerProperties(), new StringDeserializer(), new ListRecords(json.mapper()));
    }

    @Override
    protected String topic() {
        return config.kafka().eventsTopic();
    }

    @Override
    protected void handle(ConsumerRecords<String, ListRecords.Incoming> records,
            KafkaConsumer<String, ListRecords.Incoming> consumer) {
        Map<TopicPartition, OffsetAndMetadata> next = offsets(records);
        apply(records, next);
        uncommitted.putAll(next);
        commit(consumer);
    }

    @Override
    protected void idle(KafkaConsumer<String, ListRecords.Incoming> consumer) {
        if (!uncommitted.isEmpty()) {
            commit(consumer);
        }
    }

    /**
     * Commits the offsets of batches already applied. When Kafka is unreachable the commit waits at
     * most {@link #COMMIT_TIMEOUT} and the offsets stay pending for the next try: the batch is in
     * the view already, and the consumer keeps its position and its group membership, so it goes
     * on the moment the broker is back. (Closing it here instead left a member behind that held
     * its partitions until its session expired, long after the broker had returned.) After a
     * rebalance the offsets of partitions no longer ours are dropped: their records come again to
     * their new owner, which skips what is applied.
     */
    private void commit(KafkaConsumer<String, ListRecords.Incoming> c) {
        uncommitted.keySet().retainAll(c.assignment());
        if (uncommitted.isEmpty()) {
            return;
        }
        try {
            c.commitSync(uncommitted, COMMIT_TIMEOUT);
            uncommitted.clear();
            if (commitPending) {
                LOG.info("projector committed its pending offsets");
                commitPending = false;
            }
        } catch (RetriableException e) {
            if (!commitPending) {
                LOG.warnf("projector cannot commit offsets yet, keeps them for the next try: %s", e.getMessage());
                commitPending = true;
            }
        } catch (CommitFailedException e) {
            LOG.infof("projector offsets not committed after a rebalance (their records come again): %s",
                    e.getMessage());
            uncommitted.clear();
        }
    }

    /**
     * Applies a polled batch in one transaction. Blocking: runs on the projector thread. A record
     * it cannot read is set aside first (a dead letter); when the batch fails for another reason
     * than the database being away, its records are applied one at a time and the one that fails
     * is set aside, so one record never stops the others.
     */
    void apply(ConsumerRecords<String, ListRecords.Incoming> records, Map<TopicPartition, OffsetAndMetadata> next) {
        List<Read> readable = new ArrayList<>();
        for (ConsumerRecord<String, ListRecords.Incoming> record : records) {
            if (record.value().event() != null) {
                readable.add(new Read(record, record.value().event()));
            } else { // its offset is marked with the batch
                setAside(record, null, "unreadable", record.value().unreadable(), false);
            }
        }
        Map<Integer, ListFreshness.Applied> applied = new HashMap<>();
        next.forEach((tp, offset) -> applied.put(tp.partition(),
                new ListFreshness.Applied(offset.offset(), ListFreshness.newestOrder(records.records(tp)))));
        try {
            applyEvents(byProject(readable), applied);
        } catch (RuntimeException e) {
            if (PipelineFailures.isTransient(e)) {
                throw e;
            }
            LOG.warnf("projector: a batch of %d records failed (%s); applying them one at a time", records.count(),
                    e.toString());
            for (Read r : readable) {
                applyAlone(r);
            }
            applyEvents(Map.of(), applied); // the marks of the batch, records set aside included
        }
    }

    /** A record and the event read from it. */
    private record Read(ConsumerRecord<String, ListRecords.Incoming> record, RecordedEvent event) {
    }

    private static Map<String, List<RecordedEvent>> byProject(List<Read> reads) {
        Map<String, List<RecordedEvent>> byProject = new LinkedHashMap<>();
        for (Read r : reads) {
            byProject.computeIfAbsent(r.event().streamId(), k -> new ArrayList<>()).add(r.event());
        }
        return byProject;
    }

    private void applyAlone(Read r) {
        ConsumerRecord<String, ListRecords.Incoming> record = r.record();
        try {
            applyEvents(Map.of(r.event().streamId(), List.of(r.event())), Map.of(record.partition(),
                    new ListFreshness.Applied(record.offset() + 1, ListFreshness.newestOrder(List.of(record)))));
        } catch (RuntimeException e) {
            if (PipelineFailures.isTransient(e)) {
                throw e;
            }
            setAside(record, r.event(), "unappliable", e, true);
        }
    }

    /**
     * Sends a record the projector cannot read or apply to the dead-letter topic and records it,
     * with its offset applied. When it carries an event of the log, the project's row is brought
     * to that event's version from the log (or, when even that fails, takes the version without
     * it), so {@code list} does not stay stale for good. A record already set aside (delivered
     * again after a restart) is passed over. With {@code markApplied}, the record's offset is
     * marked applied in the same transaction (only when every record before it in its partition
     * has been applied).
     */
    private void setAside(ConsumerRecord<String, ListRecords.Incoming> record, RecordedEvent event, String reason,
            Throwable why, boolean markApplied) {
        if (deadLetters.alreadySetAside(pool, record.topic(), record.partition(), record.offset())
                .await().atMost(DB_TIMEOUT)) {
            return;
        }
        DeadLetters.Letter letter = new DeadLetters.Letter("projector", reason, why.toString(), record.topic(),
                record.partition(), record.offset(), record.key(), record.value().value(), withSize(record),
                event == null ? null : event.streamId(), event == null ? null : event.version(),
                event == null ? null : event.eventId(), event == null ? null : event.globalPosition());
        deadLetters.publish(letter, COMMIT_TIMEOUT);
        Map<Integer, ListFreshness.Applied> mark = !markApplied ? Map.of() : Map.of(record.partition(),
                new ListFreshness.Applied(record.offset() + 1, ListFreshness.newestOrder(List.of(record))));
        try {
            setAside(letter, event, mark, false);
        } catch (RuntimeException e) {
            if (event == null || PipelineFailures.isTransient(e)) {
                throw e;
            }
            setAside(letter, event, mark, true);
        }
    }

    private void setAside(DeadLetters.Letter letter, RecordedEvent event, Map<Integer, ListFreshness.Applied> mark,
            boolean skipVersion) {
        pool.withTransaction(tx -> deadLetters.record(tx, letter)
                .call(x -> event == null ? Uni.createFrom().voidItem() : inLog(tx, event).flatMap(inLog -> {
                    if (!inLog) {
                        return Uni.createFrom().voidItem();
                    }
                    return skipVersion ? repair.skipVersion(tx, event.streamId(), event.version())
                            : repair.fold(tx, event.streamId(), event.version()).flatMap(state -> state == null
                                    ? Uni.createFrom().voidItem() : view.upsert(tx, List.of(state)));
                }))
                .call(x -> freshness.markApplied(tx, mark)))
                .await().atMost(DB_TIMEOUT);
    }

    /** The record's headers, and its size when its value is too large to be kept in the dead letter. */
    private static Headers withSize(ConsumerRecord<String, ListRecords.Incoming> record) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        if (record.value().value() == null) {
            headers.add(DeadLetters.VALUE_OMITTED,
                    Integer.toString(record.value().size()).getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    /** Whether the event is the log's own (not a record someone else put on the topic under its name). */
    private static Uni<Boolean> inLog(SqlConnection tx, RecordedEvent e) {
        return tx.preparedQuery("SELECT 1 FROM project_events WHERE event_id = $1 AND stream_id = $2 AND version = $3")
                .execute(Tuple.of(e.eventId(), e.streamId(), e.version())).map(rows -> rows.size() > 0);
    }

    /**
     * Folds each project's new events onto its view row and writes the rows back, with the
     * partitions' applied offsets (the marks {@link ListFreshness} reads), in one transaction.
     */
    void applyEvents(Map<String, List<RecordedEvent>> byProject, Map<Integer, ListFreshness.Applied> applied) {
        if (byProject.isEmpty() && applied.isEmpty()) {
            return;
        }
        pool.withTransaction(tx -> view.rows(tx, byProject.keySet())
                .flatMap(current -> Multi.createFrom().iterable(byProject.entrySet())
                        .onItem().transformToUniAndConcatenate(entry ->
                                next(tx, current.get(entry.getKey()), entry.getValue()))
                        .collect().asList())
                .flatMap(changed -> view.upsert(tx, changed.stream().filter(s -> s != null).toList()))
                .call(x -> freshness.markApplied(tx, applied))
                .call(x -> tx.query("SELECT pg_notify('" + ListFreshness.APPLIED_CHANNEL + "', '')").execute()))
                .await().atMost(DB_TIMEOUT);
        wakeups.fire(ListFreshness.APPLIED_CHANNEL);
        OffsetDateTime now = OffsetDateTime.now();
        byProject.values().forEach(events -> events.forEach(e -> {
            projectionLag.record(Duration.between(e.recordedAt(), now));
        }));
    }

    /** The row after these events, or null when they are all already applied. */
    private Uni<ProjectState> next(SqlConnection tx, ProjectState row, List<RecordedEvent> events) {
        Decision decision = decide(row, events);
        if (decision instanceof Decision.Heal heal) {
            LOG.debugf("view of %s has a gap: folding it from the log", events.get(0).streamId());
            return repair.fold(tx, events.get(0).streamId(), heal.upToVersion());
        }
        return Uni.createFrom().item(((Decision.Apply) decision).row());
    }

    /** What one project's new events do to its view row. */
    sealed interface Decision {
        /** The row after the events; null when they were all applied already (redelivery, replay). */
        record Apply(ProjectState row) implements Decision {
        }

        /** The row misses events before these: fold the project from the log, up to this version. */
        record Heal(int upToVersion) implements Decision {
        }
    }

    /**
     * Applies each event only on top of the version before it (a creation also onto no row):
     * older or repeated ones are skipped, and one that does not fit means a gap. Applies onto
     * {@code row} itself.
     */
    static Decision decide(ProjectState row, List<RecordedEvent> events) {
        ProjectState state = row;
        boolean changed = false;
        for (RecordedEvent e : events) {
            int have = state == null ? 0 : state.version;
            if (e.version() <= have) {
                continue;
            }
            boolean fits = e.version() == have + 1 || (state == null && CREATIONS.contains(e.type()));
            if (!fits) {
                int newest = events.stream().mapToInt(RecordedEvent::version).max().orElse(e.version());
                return new Decision.Heal(newest);
            }
            if (state == null) {
                state = new ProjectState();
            }
            state.apply(e);
            changed = true;
        }
        return new Decision.Apply(changed ? state : null);
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(ConsumerRecords<String, ListRecords.Incoming> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, ListRecords.Incoming>> list = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        return offsets;
    }
}
