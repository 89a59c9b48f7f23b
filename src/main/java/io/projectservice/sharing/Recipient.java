package io.projectservice.sharing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.projectservice.errors.Refusal;
import io.projectservice.security.Caller;
import java.util.Locale;

/**
 * Whom a share is for, named one way: by {@code sub}, by {@code email} (compared in lower case),
 * or by {@code username} and {@code organization}. A caller is the recipient when their token
 * carries the same.
 */
public record Recipient(String sub, String email, String username, String organization) {
    private static final int MAX = 320;

    public static Recipient parse(JsonNode node) {
        if (!(node instanceof ObjectNode o)) {
            throw Refusal.invalid("field_required", "Field 'recipient' is required: {\"sub\": ...}, {\"email\": ...} or"
                    + " {\"username\": ..., \"organization\": ...}");
        }
        String sub = text(o, "sub");
        String email = text(o, "email");
        String username = text(o, "username");
        String organization = text(o, "organization");
        int ways = (sub != null ? 1 : 0) + (email != null ? 1 : 0) + (username != null || organization != null ? 1 : 0);
        if (ways != 1) {
            throw Refusal.invalid("recipient_invalid",
                    "Field 'recipient' must name the recipient one way: {\"sub\": ...},"
                    + " {\"email\": ...} or {\"username\": ..., \"organization\": ...}");
        }
        if (username != null ^ organization != null) {
            throw Refusal.invalid("recipient_invalid", "Field 'recipient' needs both 'username' and 'organization'");
        }
        if (email != null && (email.indexOf('@') < 1 || email.indexOf('@') == email.length() - 1)) {
            throw Refusal.invalid("recipient_invalid", "Field 'recipient.email' is not an email address");
        }
        return new Recipient(sub, email == null ? null : email.toLowerCase(Locale.ROOT), username, organization);
    }

    public boolean is(Caller caller) {
        return (sub != null && sub.equals(caller.sub())) || (email != null && email.equals(caller.email()))
                || (username != null && username.equals(caller.username())
                        && organization.equals(caller.organization()));
    }

    public ObjectNode json() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (sub != null) {
            o.put("sub", sub);
        } else if (email != null) {
            o.put("email", email);
        } else {
            o.put("username", username).put("organization", organization);
        }
        return o;
    }

    private static String text(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw Refusal.invalid("recipient_invalid", "Field 'recipient." + field + "' must be a non-empty string");
        }
        String s = v.asText().trim();
        if (s.length() > MAX) {
            throw Refusal.invalid("field_too_long",
                    "Field 'recipient." + field + "' is longer than " + MAX + " characters");
        }
        return s;
    }
}
