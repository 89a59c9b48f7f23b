package io.projectservice.projects;

import io.projectservice.errors.Refusal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Who may see a project: its author alone, or every member of the author's organization. */
public enum Scope {
    USER("user"), ORGANIZATION("organization");

    private final String wire;

    Scope(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Parses one scope; null or blank gives the default. */
    public static Scope parse(String value, String field) {
        if (value == null || value.isBlank()) {
            return USER;
        }
        String v = value.trim();
        for (Scope s : values()) {
            if (s.wire.equalsIgnoreCase(v)) {
                return s;
            }
        }
        throw Refusal.invalid("scope_unknown",
                "Unknown " + field + " '" + abbreviate(v) + "': use 'user' or 'organization'");
    }

    /** The scopes a list names, and whether it also asks for the projects shared with the caller. */
    public record Listed(List<Scope> scopes, boolean shared) {
    }

    /**
     * Parses a comma-separated list of scopes, without duplicates, where {@code shared} may be
     * among them too; null or blank gives [user].
     */
    public static Listed parseListing(String csv, String field) {
        if (csv == null || csv.isBlank()) {
            return new Listed(List.of(USER), false);
        }
        Set<Scope> scopes = new LinkedHashSet<>();
        boolean shared = false;
        for (String part : csv.split(",")) {
            if (part.trim().equalsIgnoreCase("shared")) {
                shared = true;
            } else if (!part.isBlank()) {
                scopes.add(parse(part, field));
            }
        }
        return new Listed(new ArrayList<>(scopes), shared);
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
