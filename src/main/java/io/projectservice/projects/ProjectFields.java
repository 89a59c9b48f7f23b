package io.projectservice.projects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.config.JsonCodec;
import io.projectservice.config.ServiceConfig;
import io.projectservice.errors.Refusal;
import jakarta.enterprise.context.ApplicationScoped;

/** Validation of the user-editable fields, with the limits from configuration. */
@ApplicationScoped
public class ProjectFields {
    private final ServiceConfig.Limits limits;
    private final JsonCodec json;

    public ProjectFields(ServiceConfig config, JsonCodec json) {
        this.limits = config.limits();
        this.json = json;
    }

    public String name(String name, String field) {
        if (name == null || name.isBlank()) {
            throw Refusal.invalid("field_required", "Field '" + field + "' is required and must not be blank");
        }
        if (name.length() > limits.nameMaxLength()) {
            throw Refusal.invalid("field_too_long",
                    "Field '" + field + "' is " + name.length() + " characters long; the limit is "
                    + limits.nameMaxLength());
        }
        return name;
    }

    public String description(String description, String field) {
        if (description != null && description.length() > limits.descriptionMaxLength()) {
            throw Refusal.invalid("field_too_long", "Field '" + field + "' is " + description.length()
                    + " characters long; the limit is " + limits.descriptionMaxLength());
        }
        return description;
    }

    public ObjectNode metadata(JsonNode metadata, String field) {
        if (metadata == null || metadata.isNull()) {
            return null;
        }
        if (!(metadata instanceof ObjectNode object)) {
            throw Refusal.invalid("field_wrong_type", "Field '" + field + "' must be a JSON object");
        }
        long size = json.size(object);
        if (size > limits.metadataMaxBytes()) {
            throw Refusal.invalid("metadata_too_large",
                    "Field '" + field + "' is " + size + " bytes of JSON; the limit is "
                    + limits.metadataMaxBytes());
        }
        return object;
    }

    /**
     * The same limits as {@code save}, on content that arrives whole: an import's bundle or a
     * template. Anything over them makes the content unusable (422), naming where it came from;
     * nothing is cut or dropped silently.
     */
    public void requireStorable(ObjectNode content, String source) {
        JsonNode name = content.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw Refusal.unprocessable("import_invalid", source + " has no name");
        }
        if (name.asText().length() > limits.nameMaxLength()) {
            throw Refusal.unprocessable("import_invalid", source + " has a name of " + name.asText().length()
                    + " characters; the limit is " + limits.nameMaxLength());
        }
        JsonNode description = content.get("description");
        if (description != null && description.isTextual()
                && description.asText().length() > limits.descriptionMaxLength()) {
            throw Refusal.unprocessable("import_invalid",
                    source + " has a description of " + description.asText().length()
                    + " characters; the limit is " + limits.descriptionMaxLength());
        }
        JsonNode metadata = content.get("metadata");
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isObject()) {
                throw Refusal.unprocessable("import_invalid", source + " has metadata that is not a JSON object");
            }
            long size = json.size(metadata);
            if (size > limits.metadataMaxBytes()) {
                throw Refusal.unprocessable("import_invalid",
                        source + " has metadata of " + size + " bytes of JSON; the limit is "
                        + limits.metadataMaxBytes());
            }
        }
    }

    /** A default name derived from another, cut to the limit. */
    public String derivedName(String base, String suffix) {
        String name = (base == null ? "Untitled" : base) + suffix;
        return name.length() <= limits.nameMaxLength() ? name : name.substring(0, limits.nameMaxLength());
    }
}
