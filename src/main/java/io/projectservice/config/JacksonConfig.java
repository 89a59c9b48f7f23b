package io.projectservice.config;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.ContextAttributes;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The ObjectMapper the REST layer reads request bodies with. Strict input typing: a number where a
 * string is expected (or the reverse) is a 400, not a silent conversion. Unknown fields stay
 * accepted, as real clients send extras. Stream read constraints bound what one body can make the
 * parser build (depth, string and number lengths, tokens, document length), so no body can blow
 * the stack or the heap; api/BodyLimit checks the same constraints while the body streams in.
 * Data the service reads back from its own storage goes through {@link JsonCodec}, which is not
 * bound by them (it wraps request data a few levels deeper than it arrived).
 */
@Singleton
public class JacksonConfig implements ObjectMapperCustomizer {
    private final ServiceConfig config;

    public JacksonConfig(ServiceConfig config) {
        this.config = config;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.getFactory().setStreamReadConstraints(requestConstraints(config.limits()));
        mapper.setDefaultAttributes(ContextAttributes.getEmpty()
                .withSharedAttribute(MeasuredMetadata.LIMIT, (long) config.limits().metadataMaxBytes()));
    }

    /** What one request body may hold. */
    public static StreamReadConstraints requestConstraints(ServiceConfig.Limits limits) {
        ServiceConfig.Json json = limits.json();
        return StreamReadConstraints.builder()
                .maxNestingDepth(json.maxDepth())
                .maxStringLength(json.maxStringLength())
                .maxNumberLength(json.maxNumberLength())
                .maxNameLength(json.maxNameLength())
                .maxTokenCount(json.maxTokens())
                .maxDocumentLength(Math.max(limits.maxBodyBytes(), 1))
                .build();
    }
}
