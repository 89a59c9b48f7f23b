package io.projectservice.analysis.tables;

import io.projectservice.analysis.ColumnType;
import io.projectservice.analysis.TableInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableInferenceTest {
    private final TableInference tables = new TableInference();

    @Test
    void mixedColumnsGetExactlyTheseTypes() {
        String csv = """
                id,amount,active,signup,us_date,seen_at,code,note,empty,mixed
                1,10,true,2024-01-05,12/31/2024,2024-01-05T10:00:00Z,007,"hello, world",,1
                2,2.5,FALSE,31/12/2023,01/15/2024,2024-01-06 08:30,12,"say ""hi""\",,abc
                3,-3,,1.2.2024,02/01/2024,2024-01-07,13,"two
                lines",,2
                4,1e3,true,2024-02-29,03/01/2024,2024-01-08T09:15:30.5+02:00,14,plain,,3
                """;
        TableInfo table = tables.csv("Customer Sign-ups.csv", csv.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertEquals("customer_sign_ups", table.name());
        assertEquals(List.of(
                column("id", ColumnType.INTEGER, false),
                column("amount", ColumnType.DECIMAL, false),
                column("active", ColumnType.BOOLEAN, true),
                column("signup", ColumnType.DATE, false),
                column("us_date", ColumnType.DATE, false),
                column("seen_at", ColumnType.TIMESTAMP, false),
                column("code", ColumnType.STRING, false),
                column("note", ColumnType.STRING, false),
                column("empty", ColumnType.STRING, true),
                column("mixed", ColumnType.STRING, false)), table.columns());
        assertEquals(4, table.rowCount());
        assertEquals(4, table.sampleRows().size());

        Map<String, Object> first = table.sampleRows().get(0);
        assertEquals(1L, first.get("id"));
        assertEquals(new BigDecimal("10"), first.get("amount"));
        assertEquals(true, first.get("active"));
        assertEquals("2024-01-05", first.get("signup"));
        assertEquals("2024-12-31", first.get("us_date"));
        assertEquals("2024-01-05T10:00:00Z", first.get("seen_at"));
        assertEquals("007", first.get("code"));
        assertEquals("hello, world", first.get("note"));
        assertEquals(null, first.get("empty"));

        Map<String, Object> third = table.sampleRows().get(2);
        assertEquals(null, third.get("active"));
        assertEquals("2024-02-01", third.get("signup"));
        assertEquals("2024-01-07T00:00:00", third.get("seen_at"));
        assertEquals("two\nlines", third.get("note"));
        assertEquals("say \"hi\"", table.sampleRows().get(1).get("note"));
        assertEquals("2024-01-08T09:15:30.5+02:00", table.sampleRows().get(3).get("seen_at"));
    }

    @Test
    void semicolonAndTabDelimiters() {
        TableInfo semicolon = tables.csv("prices.csv", "sku;price\nA-1;3.5\nA-2;4\n".getBytes(StandardCharsets.UTF_8))
                .orElseThrow();
        assertEquals(List.of(column("sku", ColumnType.STRING, false), column("price", ColumnType.DECIMAL, false)),
                semicolon.columns());
        TableInfo tab = tables.csv("stock.tsv", "item\tqty\nbolt\t10\nnut\t\n".getBytes(StandardCharsets.UTF_8))
                .orElseThrow();
        assertEquals(List.of(column("item", ColumnType.STRING, false), column("qty", ColumnType.INTEGER, true)),
                tab.columns());
        assertEquals(2, tab.rowCount());
    }

    @Test
    void headerQuirksAndSamplesCappedAtFive() {
        StringBuilder csv = new StringBuilder("name,name,\n");
        for (int i = 0; i < 12; i++) {
            csv.append("n").append(i).append(',').append(i).append(",x\n");
        }
        csv.append("\n,,\n");
        TableInfo table = tables.csv("dupes.csv", ("\uFEFF" + csv).getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertEquals(List.of("name", "name_2", "column_3"), table.columns().stream().map(TableInfo.Column::name).toList());
        assertEquals(ColumnType.INTEGER, table.columns().get(1).type());
        assertEquals(12, table.rowCount());
        assertEquals(5, table.sampleRows().size());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "n0");
        expected.put("name_2", 0L);
        expected.put("column_3", "x");
        assertEquals(expected, table.sampleRows().get(0));
    }

    @Test
    void headerOnlyAndEmptyFiles() {
        TableInfo headerOnly = tables.csv("h.csv", "a,b\n".getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertEquals(0, headerOnly.rowCount());
        assertTrue(headerOnly.columns().stream().allMatch(c -> c.type() == ColumnType.STRING && c.nullable()));
        assertTrue(tables.csv("e.csv", "\n\n".getBytes(StandardCharsets.UTF_8)).isEmpty());
    }

    @Test
    void windows1252IsDecoded() {
        byte[] bytes = "city\nK\u00f6ln\n".getBytes(java.nio.charset.Charset.forName("windows-1252"));
        assertEquals("K\u00f6ln", tables.csv("c.csv", bytes).orElseThrow().sampleRows().get(0).get("city"));
    }

    private static TableInfo.Column column(String name, ColumnType type, boolean nullable) {
        return new TableInfo.Column(name, type, nullable);
    }
}
