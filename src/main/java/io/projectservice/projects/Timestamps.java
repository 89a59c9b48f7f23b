package io.projectservice.projects;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as text, one format wherever one is written: event payloads, the state the fold keeps
 * (and caches), exports and the API.
 */
public final class Timestamps {
    /** ISO-8601 UTC with microseconds and an explicit offset, as the platform's clients parse it. */
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private Timestamps() {
    }

    public static String text(OffsetDateTime t) {
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).format(FORMAT);
    }
}
