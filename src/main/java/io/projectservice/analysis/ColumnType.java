package io.projectservice.analysis;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The column types of an inferred table, written in lowercase as the API spells them. */
public enum ColumnType {
    INTEGER, DECIMAL, BOOLEAN, DATE, TIMESTAMP, STRING;

    @JsonValue
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
