package io.projectservice.analysis.tables;

import io.projectservice.analysis.TableInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accumulates a table row by row: the first row is the header, every later row narrows the
 * column types ({@link ValueReadings}). Empty and null cells make a column nullable and say
 * nothing about its type. Rows with only empty cells are skipped; cells beyond the header get
 * columns named {@code column_<n>}.
 */
public final class TableBuilder {
    /** Cells beyond this many columns are ignored. */
    static final int MAX_COLUMNS = 1000;

    private final String name;
    private final List<String> columns = new ArrayList<>();
    private final List<Integer> readings = new ArrayList<>();
    private final List<Integer> seenReadings = new ArrayList<>();
    private final Boolean decimalComma;
    private final List<Boolean> nullable = new ArrayList<>();
    private final List<Boolean> seen = new ArrayList<>();
    private final List<List<String>> samples = new ArrayList<>();
    private final Set<String> used = new HashSet<>();
    private boolean headerDone;
    private long rows;

    /** @param decimalComma the file's number convention when its format says it, else null (the columns vote) */
    TableBuilder(String name, Boolean decimalComma) {
        this.name = name;
        this.decimalComma = decimalComma;
    }

    TableBuilder(String name) {
        this(name, null);
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
            if (ValueReadings.isNull(cell)) {
                nullable.set(i, true);
            } else {
                int cellReadings = ValueReadings.of(cell);
                readings.set(i, readings.get(i) & cellReadings);
                seenReadings.set(i, seenReadings.get(i) | cellReadings);
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
        boolean comma = decimalComma != null ? decimalComma : voteDecimalComma();
        List<TableInfo.Column> out = new ArrayList<>();
        List<ValueReadings.Reading> types = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            ValueReadings.Reading reading = seen.get(i)
                    ? ValueReadings.reading(readings.get(i), seenReadings.get(i), comma, columns.get(i))
                    : ValueReadings.Reading.STRING;
            types.add(reading);
            out.add(new TableInfo.Column(columns.get(i), reading.type, nullable.get(i) || !seen.get(i)));
        }
        List<Map<String, Object>> sampleRows = new ArrayList<>();
        for (List<String> cells : samples) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                String cell = i < cells.size() ? cells.get(i) : "";
                row.put(columns.get(i), ValueReadings.value(cell, types.get(i)));
            }
            sampleRows.add(Collections.unmodifiableMap(row));
        }
        return new TableInfo(name, out, rows, sampleRows);
    }

    /** The columns that only one number convention reads decide the ambiguous ones. */
    private boolean voteDecimalComma() {
        int vote = 0;
        for (int i = 0; i < columns.size(); i++) {
            if (seen.get(i)) {
                vote += ValueReadings.convention(readings.get(i));
            }
        }
        return vote > 0;
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
        seenReadings.add(0);
        nullable.add(earlierRowsLackIt);
        seen.add(false);
    }
}
