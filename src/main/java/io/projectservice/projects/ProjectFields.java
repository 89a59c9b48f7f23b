package io.projectservice.projects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.api.ApiException;
import io.projectservice.config.ServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;

/** Validation of the user-editable fields, with the limits from configuration. */
@ApplicationScoped
public class ProjectFields {
    private final ServiceConfig.Limits limits;
    private final ObjectMapper mapper;

    public ProjectFields(ServiceConfig config, ObjectMapper mapper) {
        this.limits = config.limits();
        this.mapper = mapper;
    }

    public String name(String name, String field) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("Field '" + field + "' is required and must not be blank");
        }
        if (name.length() > limits.nameMaxLength()) {
            throw ApiException.badRequest("Field '" + field + "' is " + name.length() + " characters long; the limit is "
                    + limits.nameMaxLength());
        }
        return name;
    }

    public String description(String description, String field) {
        if (description != null && description.length() > limits.descriptionMaxLength()) {
            throw ApiException.badRequest("Field '" + field + "' is " + description.length()
                    + " characters long; the limit is " + limits.descriptionMaxLength());
        }
        return description;
    }

    public ObjectNode metadata(JsonNode metadata, String field) {
        if (metadata == null || metadata.isNull()) {
            return null;
        }
        if (!(metadata instanceof ObjectNode object)) {
            throw ApiException.badRequest("Field '" + field + "' must be a JSON object");
        }
        int size;
        try {
            size = mapper.writeValueAsString(object).getBytes(StandardCharsets.UTF_8).length;
        } catch (Exception e) {
            throw ApiException.badRequest("Field '" + field + "' is not serializable JSON");
        }
        if (size > limits.metadataMaxBytes()) {
            throw ApiException.badRequest("Field '" + field + "' is " + size + " bytes of JSON; the limit is "
                    + limits.metadataMaxBytes());
        }
        return object;
    }

    /** A default name derived from another, cut to the limit. */
    public String derivedName(String base, String suffix) {
        String name = (base == null ? "Untitled" : base) + suffix;
        return name.length() <= limits.nameMaxLength() ? name : name.substring(0, limits.nameMaxLength());
    }
}
