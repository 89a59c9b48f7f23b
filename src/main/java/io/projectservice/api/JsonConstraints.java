package io.projectservice.api;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.projectservice.errors.Refusal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON body past one of the parser's limits (config/JacksonConfig), as the answer a client gets:
 * too deep or an overlong number is a malformed request (400); an overlong string or name, or too
 * many values, is too large a request (413).
 */
final class JsonConstraints {
    private static final Pattern LIMIT = Pattern.compile("maximum allowed \\((\\d+)");

    private JsonConstraints() {
    }

    /** The limit a constraint failure names, or null when it is not one. */
    static StreamConstraintsException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StreamConstraintsException c) {
                return c;
            }
        }
        return null;
    }

    static Refusal refusal(StreamConstraintsException e) {
        String text = String.valueOf(e.getOriginalMessage());
        Matcher m = LIMIT.matcher(text);
        String limit = m.find() ? m.group(1) : "its";
        if (text.contains("nesting depth")) {
            return Refusal.invalid("json_too_deep", "The JSON body is nested more than " + limit + " levels deep");
        }
        if (text.startsWith("BigDecimal scale")) {
            return Refusal.invalid("json_number_out_of_range",
                    "A number in the JSON body has an exponent beyond " + limit);
        }
        if (text.startsWith("Number value length")) {
            return Refusal.invalid("json_number_too_long",
                    "A number in the JSON body is longer than " + limit + " characters");
        }
        if (text.startsWith("String value length")) {
            return Refusal.tooLarge("json_string_too_long",
                    "A string in the JSON body is longer than " + limit + " characters");
        }
        if (text.startsWith("Name length")) {
            return Refusal.tooLarge("json_name_too_long",
                    "A property name in the JSON body is longer than " + limit + " characters");
        }
        if (text.startsWith("Token count")) {
            return tooManyValues(limit);
        }
        return Refusal.tooLarge("body_too_large", "The JSON body is larger than the limit of " + limit + " bytes");
    }

    static Refusal tooManyValues(Object limit) {
        return Refusal.tooLarge("json_too_many_tokens", "The JSON body holds more than " + limit
                + " tokens (values, names and brackets), the limit");
    }
}
