package io.projectservice.eventstore;

/**
 * An event larger than the pipeline carries: the append was refused and nothing was written.
 * The limit ({@code projects.pipeline.max-event-bytes}) keeps every event within the event
 * topic's record size, so nothing committed can be refused by Kafka later.
 */
public class EventTooLargeException extends RuntimeException {
    private final String streamId;
    private final String type;
    private final long bytes;
    private final long limit;

    public EventTooLargeException(String streamId, String type, long bytes, long limit) {
        super("event " + type + " of " + streamId + " is " + bytes + " bytes, over the limit of " + limit, null,
                false, false);
        this.streamId = streamId;
        this.type = type;
        this.bytes = bytes;
        this.limit = limit;
    }

    public String streamId() {
        return streamId;
    }

    /** The sentence for the client. */
    public String sentence() {
        return String.format("The project would exceed the largest change the service can store and publish: its %s"
                + " event would hold %,d bytes of JSON, and the limit is %,d bytes. Make it smaller (fewer or"
                + " shorter concepts, ontology nodes, files or tables) and retry", type, bytes, limit);
    }
}
