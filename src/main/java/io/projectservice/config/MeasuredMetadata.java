package io.projectservice.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.errors.Refusal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@code project.metadata} while measuring it: the tree is built value by value and given up
 * as soon as its compact JSON must be longer than the metadata limit, so an oversized metadata
 * object never exists whole in memory. The measure counts no escapes, so it is a lower bound;
 * {@code ProjectFields.metadata} measures the finished object exactly.
 */
public final class MeasuredMetadata extends JsonDeserializer<JsonNode> {
    /** Mapper attribute holding the limit in bytes (set by config/JacksonConfig). */
    public static final String LIMIT = "projects.metadata-max-bytes";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        Object limit = ctxt.getAttribute(LIMIT);
        long[] size = {0};
        return read(p, ctxt, size, limit instanceof Number n ? n.longValue() : Long.MAX_VALUE);
    }

    @Override
    public JsonNode getNullValue(DeserializationContext ctxt) {
        return null;
    }

    private static JsonNode read(JsonParser p, DeserializationContext ctxt, long[] size, long limit) throws IOException {
        JsonToken token = p.currentToken();
        JsonNode node;
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                grow(size, 2, limit);
                for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                    String name = p.currentName();
                    grow(size, JsonCodec.utf8Length(name) + 3 + (object.isEmpty() ? 0 : 1), limit);
                    p.nextToken();
                    object.set(name, read(p, ctxt, size, limit));
                }
                node = object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                grow(size, 2, limit);
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    grow(size, array.isEmpty() ? 0 : 1, limit);
                    array.add(read(p, ctxt, size, limit));
                }
                node = array;
            }
            case VALUE_STRING -> {
                grow(size, JsonCodec.utf8Length(p.getText()) + 2, limit);
                node = ctxt.readTree(p);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> {
                grow(size, token.isNumeric() ? p.getTextLength() : token.asString().length(), limit);
                // the mapper's own node types, so a value read back from storage compares equal
                node = ctxt.readTree(p);
            }
            default -> throw new IOException("unexpected JSON token " + token);
        }
        return node;
    }

    private static void grow(long[] size, long bytes, long limit) {
        size[0] += bytes;
        if (size[0] > limit) {
            throw Refusal.invalid("metadata_too_large", "Field 'project.metadata' is more than " + limit
                    + " bytes of JSON; the limit is " + limit);
        }
    }
}
