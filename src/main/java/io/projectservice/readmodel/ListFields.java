package io.projectservice.readmodel;

import com.fasterxml.jackson.core.filter.TokenFilter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The part of an event the list view needs: the project's attributes, its name, description and
 * metadata, the snapshot fields, and where it came from. The rest of a project's content
 * (ontology, concepts, files, tables, an analysis) can be megabytes the view never shows, so the
 * projector skips it while it reads a record, and folds from the log read only this part.
 */
final class ListFields {
    /** The fields of an event's data the view's fold reads ({@code ProjectState.apply}). */
    static final Set<String> DATA = Set.of("id", "workspace_id", "scope", "author", "organization", "source", "origin",
            "snapshot_id", "version", "description", "content", "changes");
    /** Within {@code content} and {@code changes}: the view's columns. */
    static final Set<String> CONTENT = Set.of("name", "description", "metadata");
    /** ProjectState's fields the view has no use for (a state snapshot's largest parts). */
    static final List<String> STATE_SKIPPED = List.of("ontology", "concepts", "files", "tables");

    private ListFields() {
    }

    /** SQL: the row's {@code data} reduced to the fields above. */
    static final String DATA_SQL = "(SELECT coalesce(jsonb_object_agg(k, CASE WHEN k IN ('content', 'changes')"
            + " AND jsonb_typeof(v) = 'object' THEN (SELECT coalesce(jsonb_object_agg(ck, cv), '{}'::jsonb)"
            + " FROM jsonb_each(v) AS c(ck, cv) WHERE ck IN (" + quoted(CONTENT) + ")) ELSE v END), '{}'::jsonb)"
            + " FROM jsonb_each(data) AS d(k, v) WHERE k IN (" + quoted(DATA) + "))";

    /** SQL: a state snapshot's {@code state} without the fields the view does not use. */
    static final String STATE_SQL = "state"
            + STATE_SKIPPED.stream().map(f -> " - '" + f + "'").collect(Collectors.joining());

    /** A CloudEvent read with this filter keeps the envelope whole and only these fields of its data. */
    static final TokenFilter CLOUD_EVENT = new KeepEmpty() {
        @Override
        public TokenFilter includeProperty(String name) {
            return "data".equals(name) ? EVENT_DATA : TokenFilter.INCLUDE_ALL;
        }
    };

    private static final TokenFilter CONTENT_FIELDS = new KeepEmpty() {
        @Override
        public TokenFilter includeProperty(String name) {
            return CONTENT.contains(name) ? TokenFilter.INCLUDE_ALL : null;
        }
    };

    private static final TokenFilter EVENT_DATA = new KeepEmpty() {
        @Override
        public TokenFilter includeProperty(String name) {
            if (!DATA.contains(name)) {
                return null;
            }
            return "content".equals(name) || "changes".equals(name) ? CONTENT_FIELDS : TokenFilter.INCLUDE_ALL;
        }
    };

    /** An object whose fields were all filtered out stays, empty (data {} is still an object). */
    private static class KeepEmpty extends TokenFilter {
        @Override
        public boolean includeEmptyObject(boolean contentsFiltered) {
            return true;
        }
    }

    private static String quoted(Set<String> names) {
        return names.stream().sorted().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    }
}
