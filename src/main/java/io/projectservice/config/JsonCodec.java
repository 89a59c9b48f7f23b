package io.projectservice.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * JSON text in and out of the database and Kafka. A copy of the application's ObjectMapper
 * without the request-body constraints of {@link JacksonConfig}: what it reads was checked when
 * it came in, and is stored wrapped a few levels deeper (event data, CloudEvents, state snapshots).
 */
@ApplicationScoped
public class JsonCodec {
    /** Far above any request limit, still finite. */
    private static final StreamReadConstraints STORED = StreamReadConstraints.builder().maxNestingDepth(1000)
            .maxStringLength(Integer.MAX_VALUE).maxDocumentLength(-1).maxTokenCount(-1).build();

    private final ObjectMapper mapper;

    public JsonCodec(ObjectMapper requestMapper) {
        this.mapper = requestMapper.copy();
        this.mapper.getFactory().setStreamReadConstraints(STORED);
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The length in bytes of {@code value} as compact JSON (UTF-8), without building the text. */
    public long size(Object value) {
        Counter counter = new Counter();
        try {
            mapper.writeValue(counter, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.bytes;
    }

    /** The length of {@code s} in UTF-8 (0 for null), without encoding it. */
    public static int utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                n += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
            }
        }
        return n;
    }

    public ObjectNode readObject(String text) {
        return (ObjectNode) readTree(text);
    }

    public ArrayNode readArray(String text) {
        return (ArrayNode) readTree(text);
    }

    public JsonNode readTree(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    private static final class Counter extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
