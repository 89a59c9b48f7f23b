package io.projectservice.readmodel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.TokenFilter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.projectservice.pipeline.CloudEvents;
import io.projectservice.pipeline.KafkaSettings;
import io.projectservice.eventstore.RecordedEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the event topic's records for the list projector while the consumer fetches them: each
 * record becomes only the part of its event the view needs ({@link ListFields}), so a poll holds a
 * few small trees whatever the records' size. (Batches are compressed, so a fetch of a few
 * megabytes can hold hundreds of records of several megabytes each: holding their values whole
 * would cost the heap what the fetch limits were meant to spare.) A record that cannot be read
 * becomes its error; its bytes are kept for the dead letter when they are small.
 */
final class ListRecords implements Deserializer<ListRecords.Incoming> {
    /** Records up to this size are kept whole for a dead letter; larger ones stay on the topic only. */
    static final int KEEP_BYTES = 1024 * 1024;
    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
            .maxDocumentLength(KafkaSettings.MAX_RECORD_BYTES).maxStringLength(KafkaSettings.MAX_RECORD_BYTES)
            .build()).build();

    private final ObjectMapper mapper;

    ListRecords(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * One record: its event (the fields the view needs), or why it could not be read; its value when
     * at most {@link #KEEP_BYTES} (else null), and its size.
     */
    record Incoming(RecordedEvent event, Exception unreadable, byte[] value, int size) {
    }

    @Override
    public Incoming deserialize(String topic, byte[] data) {
        return data == null ? unreadable(new IllegalArgumentException("the record has no value"), null, 0)
                : read(data, 0, data.length);
    }

    @Override
    public Incoming deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return deserialize(topic, (byte[]) null);
        }
        if (data.hasArray()) {
            return read(data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return read(copy, 0, copy.length);
    }

    Incoming read(byte[] bytes, int offset, int length) {
        byte[] kept = length <= KEEP_BYTES ? java.util.Arrays.copyOfRange(bytes, offset, offset + length) : null;
        try (JsonParser p = new FilteringParserDelegate(JSON.createParser(bytes, offset, length),
                ListFields.CLOUD_EVENT, TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH, true)) {
            return new Incoming(CloudEvents.parse(mapper.readTree(p)), null, kept, length);
        } catch (IOException | RuntimeException e) {
            return unreadable(e, kept, length);
        }
    }

    private static Incoming unreadable(Exception e, byte[] kept, int size) {
        return new Incoming(null, e, kept, size);
    }
}
