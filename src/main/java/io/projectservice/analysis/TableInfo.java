package io.projectservice.analysis;

import java.util.List;
import java.util.Map;

/**
 * A table found in a CSV file or a spreadsheet sheet.
 *
 * @param sampleRows the first rows (at most {@link #SAMPLE_ROWS}), column name to value typed as its column
 *     (numbers, booleans, ISO-8601 strings for dates and timestamps, null for empty cells)
 */
public record TableInfo(String name, List<Column> columns, long rowCount, List<Map<String, Object>> sampleRows) {
    public static final int SAMPLE_ROWS = 5;

    public TableInfo {
        columns = List.copyOf(columns);
        sampleRows = List.copyOf(sampleRows);
    }

    public record Column(String name, ColumnType type, boolean nullable) {
    }
}
