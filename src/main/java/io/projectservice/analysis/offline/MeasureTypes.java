package io.projectservice.analysis.offline;

import io.projectservice.analysis.ColumnType;
import java.util.Set;

/** The column type a measure named in prose most likely has ("due date": date, "price": decimal). */
public final class MeasureTypes {
    private static final Set<String> DATES = Set.of("date", "deadline", "birthday", "expiry");
    private static final Set<String> TIMESTAMPS = Set.of("time", "timestamp");
    private static final Set<String> INTEGERS = Set.of("count", "quantity", "number", "age", "capacity", "rating",
            "mileage");
    private static final Set<String> STRINGS = Set.of("name", "title", "email", "phone", "status", "id", "identifier",
            "code", "description", "color", "colour", "severity", "priority", "level");

    private MeasureTypes() {
    }

    static String of(String measure) {
        if (DATES.contains(measure)) {
            return ColumnType.DATE.apiName();
        }
        if (TIMESTAMPS.contains(measure)) {
            return ColumnType.TIMESTAMP.apiName();
        }
        if (INTEGERS.contains(measure)) {
            return ColumnType.INTEGER.apiName();
        }
        if (STRINGS.contains(measure)) {
            return ColumnType.STRING.apiName();
        }
        return ColumnType.DECIMAL.apiName();
    }
}
