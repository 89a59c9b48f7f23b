package io.projectservice.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accumulates a table row by row: the first row is the header, every later row narrows the
 * column types. Empty cells make a column nullable and say nothing about its type. Rows with
 * only empty cells are skipped; cells beyond the header get columns named {@code column_<n>}.
 */
final class TableBuilder {
    /** Cells beyond this many columns are ignored. */
    static final int MAX_COLUMNS = 1000;

    private final String name;
    private final List<String> columns = new ArrayList<>();
    private final List<Integer> readings = new ArrayList<>();
    private final List<Boolean> nullable = new ArrayList<>();
    private final List<Boolean> seen = new ArrayList<>();
    private final List<List<String>> samples = new ArrayList<>();
    private final Set<String> used = new HashSet<>();
    private boolean headerDone;
    private long rows;

    TableBuilder(String name) {
        this.name = name;
    }

    void row(List<String> rawCells) {
        List<String> cells = new ArrayList<>(rawCells.stream().limit(MAX_COLUMNS)
                .map(c -> c == null ? "" : c.strip()).toList());
        while (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
            cells.remove(cells.size() - 1);
        }
        if (cells.isEmpty()) {
            return;
        }
        if (!headerDone) {
            header(cells);
            return;
        }
        while (columns.size() < cells.size()) {
            addColumn("column_" + (columns.size() + 1), rows > 0);
        }
        for (int i = 0; i < columns.size(); i++) {
            String cell = i < cells.size() ? cells.get(i) : "";
            if (cell.isEmpty()) {
                nullable.set(i, true);
            } else {
                readings.set(i, readings.get(i) & ValueReadings.of(cell));
                seen.set(i, true);
            }
        }
        if (samples.size() < TableInfo.SAMPLE_ROWS) {
            samples.add(cells);
        }
        rows++;
    }

    boolean hasHeader() {
        return headerDone;
    }

    TableInfo build() {
        List<TableInfo.Column> out = new ArrayList<>();
        List<ColumnType> types = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnType type = seen.get(i) ? ValueReadings.columnType(readings.get(i)) : ColumnType.STRING;
            types.add(type);
            out.add(new TableInfo.Column(columns.get(i), type, nullable.get(i) || !seen.get(i)));
        }
        List<Map<String, Object>> sampleRows = new ArrayList<>();
        for (List<String> cells : samples) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                String cell = i < cells.size() ? cells.get(i) : "";
                row.put(columns.get(i), ValueReadings.value(cell, types.get(i), readings.get(i)));
            }
            sampleRows.add(Collections.unmodifiableMap(row));
        }
        return new TableInfo(name, out, rows, sampleRows);
    }

    private void header(List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            addColumn(cells.get(i).isEmpty() ? "column_" + (i + 1) : cells.get(i), false);
        }
        headerDone = true;
    }

    private void addColumn(String base, boolean earlierRowsLackIt) {
        String column = base;
        for (int n = 2; !used.add(column); n++) {
            column = base + "_" + n;
        }
        columns.add(column);
        readings.add(ValueReadings.ANY);
        nullable.add(earlierRowsLackIt);
        seen.add(false);
    }
}
