package io.projectservice.analysis.tables;

import io.projectservice.analysis.TableInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table of orders written in every common dialect - comma, semicolon, tab and pipe
 * separated; decimal point and decimal comma; thousands grouped by comma, point, space or
 * apostrophe; double and single quotes - and as XLSX sheets: every column gets the type written
 * down here, in every dialect, and the same values.
 */
class TableDialectsTest {
    /** Each column's expected type and nullability, the same in every dialect. */
    private static final Map<String, String> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("id", "integer");
        TYPES.put("price", "decimal");
        TYPES.put("amount", "decimal");
        TYPES.put("qty", "integer");
        TYPES.put("active", "boolean");
        TYPES.put("member", "boolean");
        TYPES.put("flag", "boolean");
        TYPES.put("bit", "boolean");
        TYPES.put("note", "string nullable");
        TYPES.put("score", "integer nullable");
        TYPES.put("day", "date");
        TYPES.put("at", "timestamp");
        TYPES.put("name", "string");
    }

    private final TableInference tables = new TableInference();

    static Stream<Arguments> dialects() {
        return Stream.of(
                Arguments.of("comma, decimal point, thousands by comma in quotes", """
                        id,price,amount,qty,active,member,flag,bit,note,score,day,at,name
                        1,19.99,"1,234.50","1,200",true,yes,y,1,first,7,2024-03-01,2024-03-01T10:15:00+02:00,"Smith, Ann"
                        2,5,-12.5,-3,FALSE,No,N,0,,,2024-12-31,2024-03-02 08:30:00Z,"say ""hi\"\"\"
                        3,0.5,"-1,000,000.25",42,True,YES,n,1,last,NULL,2025-02-28,2024-03-03 23:59 +0100,Bob
                        """),
                Arguments.of("semicolon, decimal comma, thousands by point", """
                        id;price;amount;qty;active;member;flag;bit;note;score;day;at;name
                        1;19,99;1.234,50;1.200;true;yes;y;1;first;7;01.03.2024;2024-03-01T10:15:00+02:00;Smith, Ann
                        2;5;-12,5;-3;FALSE;No;N;0;;;31.12.2024;2024-03-02 08:30:00Z;"say ""hi\"\"\"
                        3;0,5;-1.000.000,25;42;True;YES;n;1;last;NULL;28.02.2025;2024-03-03 23:59 +0100;Bob
                        """),
                Arguments.of("tab, decimal point, thousands by comma", """
                        id\tprice\tamount\tqty\tactive\tmember\tflag\tbit\tnote\tscore\tday\tat\tname
                        1\t19.99\t1,234.50\t1,200\ttrue\tyes\ty\t1\tfirst\t7\t2024-03-01\t2024-03-01T10:15:00+02:00\tSmith, Ann
                        2\t5\t-12.5\t-3\tFALSE\tNo\tN\t0\t\t\t2024-12-31\t2024-03-02 08:30:00Z\tsay "hi"
                        3\t0.5\t-1,000,000.25\t42\tTrue\tYES\tn\t1\tlast\tNULL\t2025-02-28\t2024-03-03 23:59 +0100\tBob
                        """),
                Arguments.of("tab, decimal comma, thousands by space (the columns decide)", """
                        id\tprice\tamount\tqty\tactive\tmember\tflag\tbit\tnote\tscore\tday\tat\tname
                        1\t19,99\t1 234,50\t1 200\ttrue\tyes\ty\t1\tfirst\t7\t01/03/2024\t2024-03-01T10:15:00+02:00\tSmith, Ann
                        2\t5\t-12,5\t-3\tFALSE\tNo\tN\t0\t\t\t31/12/2024\t2024-03-02 08:30:00Z\tsay "hi"
                        3\t0,5\t-1 000 000,25\t42\tTrue\tYES\tn\t1\tlast\tNULL\t28/02/2025\t2024-03-03 23:59 +0100\tBob
                        """),
                Arguments.of("pipe, decimal comma, thousands by point", """
                        id|price|amount|qty|active|member|flag|bit|note|score|day|at|name
                        1|19,99|1.234,50|1.200|true|yes|y|1|first|7|2024-03-01|2024-03-01T10:15:00+02:00|Smith, Ann
                        2|5|-12,5|-3|FALSE|No|N|0|||2024-12-31|2024-03-02 08:30:00Z|say "hi"
                        3|0,5|-1.000.000,25|42|True|YES|n|1|last|NULL|2025-02-28|2024-03-03 23:59 +0100|Bob
                        """),
                Arguments.of("pipe, decimal point, thousands by apostrophe", """
                        id|price|amount|qty|active|member|flag|bit|note|score|day|at|name
                        1|19.99|1'234.50|1'200|true|yes|y|1|first|7|2024-03-01|2024-03-01T10:15:00+02:00|Smith, Ann
                        2|5|-12.5|-3|FALSE|No|N|0|||2024-12-31|2024-03-02 08:30:00Z|say "hi"
                        3|0.5|-1'000'000.25|42|True|YES|n|1|last|NULL|2025-02-28|2024-03-03 23:59 +0100|Bob
                        """),
                Arguments.of("comma, single quotes", """
                        id,price,amount,qty,active,member,flag,bit,note,score,day,at,name
                        1,19.99,'1,234.50','1,200',true,yes,y,1,first,7,2024-03-01,2024-03-01T10:15:00+02:00,'Smith, Ann'
                        2,5,-12.5,-3,FALSE,No,N,0,,,2024-12-31,2024-03-02 08:30:00Z,say "hi"
                        3,0.5,'-1,000,000.25',42,True,YES,n,1,last,NULL,2025-02-28,2024-03-03 23:59 +0100,Bob
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void everyColumnTypedInEveryDialect(String dialect, String csv) {
        TableInfo table = tables.csv("orders.csv", csv.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertEquals(TYPES, types(table), dialect);
        assertEquals(3, table.rowCount(), dialect);
        Map<String, Object> first = table.sampleRows().get(0);
        Map<String, Object> second = table.sampleRows().get(1);
        Map<String, Object> third = table.sampleRows().get(2);
        assertEquals(new BigDecimal("19.99"), first.get("price"), dialect);
        assertEquals(new BigDecimal("1234.50"), first.get("amount"), dialect);
        assertEquals(new BigDecimal("-1000000.25"), third.get("amount"), dialect);
        assertEquals(1200L, first.get("qty"), dialect);
        assertEquals(-3L, second.get("qty"), dialect);
        assertEquals(List.of(true, false, true), column(table, "active"), dialect);
        assertEquals(List.of(true, false, true), column(table, "member"), dialect);
        assertEquals(List.of(true, false, false), column(table, "flag"), dialect);
        assertEquals(List.of(true, false, true), column(table, "bit"), dialect);
        assertEquals(java.util.Arrays.asList(7L, null, null), column(table, "score"), dialect);
        assertEquals(null, second.get("note"), dialect);
        assertEquals(List.of("2024-03-01", "2024-12-31", "2025-02-28"), column(table, "day"), dialect);
        assertEquals(List.of("2024-03-01T10:15:00+02:00", "2024-03-02T08:30:00Z", "2024-03-03T23:59:00+01:00"),
                column(table, "at"), dialect);
        assertEquals("Smith, Ann", first.get("name"), dialect);
    }

    @Test
    void xlsxSheetsTypedLikeCsv() throws IOException {
        List<TableInfo> sheets = tables.xlsx("orders.xlsx", workbook());
        assertEquals(2, sheets.size());
        for (TableInfo sheet : sheets) {
            assertEquals(TYPES, types(sheet), sheet.name());
            assertEquals(new BigDecimal("-1000000.25"), sheet.sampleRows().get(2).get("amount"), sheet.name());
            assertEquals(1200L, sheet.sampleRows().get(0).get("qty"), sheet.name());
            assertEquals(List.of(true, false, true), column(sheet, "member"), sheet.name());
            assertEquals(List.of("2024-03-01", "2024-12-31", "2025-02-28"), column(sheet, "day"), sheet.name());
        }
    }

    /** "0" and "1" alone are a boolean column; with other numbers, or named like a key, integers. */
    @Test
    void onesAndZerosAreBooleanOnlyWhenAlone() {
        TableInfo table = tables.csv("t.csv", "in_stock,count,user_id,always\n1,1,1,1\n0,2,0,1\n1,0,1,1\n"
                .getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertEquals(Map.of("in_stock", "boolean", "count", "integer", "user_id", "integer", "always", "integer"),
                Map.copyOf(types(table)));
    }

    /** "1,234" is a thousand in a comma-point file, a decimal in a semicolon one. */
    @Test
    void ambiguousNumbersFollowTheFilesConvention() {
        TableInfo point = tables.csv("p.csv", "a,b\n\"1,234\",1.5\n\"2,000\",2\n".getBytes(StandardCharsets.UTF_8))
                .orElseThrow();
        assertEquals(1234L, point.sampleRows().get(0).get("a"));
        TableInfo comma = tables.csv("c.csv", "a;b\n1,234;1,5\n2,000;2\n".getBytes(StandardCharsets.UTF_8))
                .orElseThrow();
        assertEquals(new BigDecimal("1.234"), comma.sampleRows().get(0).get("a"));
        TableInfo voted = tables.csv("v.tsv", "a\tb\n1.234\t1,5\n2.000\t2\n".getBytes(StandardCharsets.UTF_8))
                .orElseThrow();
        assertEquals(1234L, voted.sampleRows().get(0).get("a"));
    }

    private static Map<String, String> types(TableInfo table) {
        Map<String, String> out = new LinkedHashMap<>();
        for (TableInfo.Column c : table.columns()) {
            out.put(c.name(), c.type().apiName() + (c.nullable() ? " nullable" : ""));
        }
        return out;
    }

    private static List<Object> column(TableInfo table, String name) {
        List<Object> out = new ArrayList<>();
        table.sampleRows().forEach(row -> out.add(row.get(name)));
        return out;
    }

    /**
     * Sheet "typed": numbers, booleans and dates as Excel stores them; sheet "text": every cell
     * typed in as text, in the decimal-comma convention.
     */
    private static byte[] workbook() throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle dateStyle = book.createCellStyle();
            dateStyle.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy"));
            Sheet typed = book.createSheet("typed");
            header(typed.createRow(0));
            Object[][] rows = {
                {1, 19.99, 1234.5, 1200, true, "yes", "y", 1, "first", 7, LocalDate.of(2024, 3, 1),
                    "2024-03-01T10:15:00+02:00", "Smith, Ann"},
                {2, 5, -12.5, -3, false, "No", "N", 0, null, null, LocalDate.of(2024, 12, 31),
                    "2024-03-02 08:30:00Z", "say \"hi\""},
                {3, 0.5, -1000000.25, 42, true, "YES", "n", 1, "last", null, LocalDate.of(2025, 2, 28),
                    "2024-03-03 23:59 +0100", "Bob"}};
            for (int r = 0; r < rows.length; r++) {
                Row row = typed.createRow(r + 1);
                for (int c = 0; c < rows[r].length; c++) {
                    Object v = rows[r][c];
                    if (v instanceof Number n) {
                        row.createCell(c).setCellValue(n.doubleValue());
                    } else if (v instanceof Boolean b) {
                        row.createCell(c).setCellValue(b);
                    } else if (v instanceof LocalDate d) {
                        row.createCell(c).setCellValue(d);
                        row.getCell(c).setCellStyle(dateStyle);
                    } else if (v != null) {
                        row.createCell(c).setCellValue((String) v);
                    }
                }
            }
            Sheet text = book.createSheet("text");
            header(text.createRow(0));
            String[][] cells = {
                {"1", "19,99", "1.234,50", "1.200", "true", "yes", "y", "1", "first", "7", "01.03.2024",
                    "2024-03-01T10:15:00+02:00", "Smith, Ann"},
                {"2", "5", "-12,5", "-3", "FALSE", "No", "N", "0", "", "", "31.12.2024", "2024-03-02 08:30:00Z",
                    "say \"hi\""},
                {"3", "0,5", "-1.000.000,25", "42", "True", "YES", "n", "1", "last", "NULL", "28.02.2025",
                    "2024-03-03 23:59 +0100", "Bob"}};
            for (int r = 0; r < cells.length; r++) {
                Row row = text.createRow(r + 1);
                for (int c = 0; c < cells[r].length; c++) {
                    if (!cells[r][c].isEmpty()) {
                        row.createCell(c).setCellValue(cells[r][c]);
                    }
                }
            }
            book.write(out);
            return out.toByteArray();
        }
    }

    private static void header(Row row) {
        int c = 0;
        for (String name : TYPES.keySet()) {
            row.createCell(c++).setCellValue(name);
        }
    }
}
